import { Field } from '../../components/field';
import type { FieldErrors } from '../../components/form-errors';
import { labelNames, type ExtraLabel, type TokenFormValues } from './token-form-model';

const title = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/** The four usual labels, then any of the admin's own (team, cost-centre…), each with a name and a value. */
export function LabelFields({
  labels,
  extraLabels,
  errors,
  onLabels,
  onExtraLabels,
}: {
  labels: TokenFormValues['labels'];
  extraLabels: ExtraLabel[];
  errors: FieldErrors;
  onLabels(labels: TokenFormValues['labels']): void;
  onExtraLabels(extra: ExtraLabel[]): void;
}) {
  const setExtra = (index: number, change: Partial<ExtraLabel>) =>
    onExtraLabels(extraLabels.map((label, i) => (i === index ? { ...label, ...change } : label)));
  return (
    <fieldset className="choice-group">
      <legend>Labels</legend>
      <p className="field-hint">Recorded with every request, so usage can be grouped by pipeline, branch or your own labels.</p>
      <div className="field-row field-row-4">
        {labelNames.map((name) => (
          <Field key={name} label={title(name)} error={errors[`labels.${name}`]}>
            <input value={labels[name]} onChange={(e) => onLabels({ ...labels, [name]: e.target.value })} />
          </Field>
        ))}
      </div>
      {extraLabels.map((label, index) => (
        <div className="field-row field-row-label" key={index}>
          <Field label={`Label ${index + 1} name`} error={errors[`extraLabels.${index}.name`]} hint="e.g. team">
            <input value={label.name} onChange={(e) => setExtra(index, { name: e.target.value })} />
          </Field>
          <Field label={`Label ${index + 1} value`} error={errors[`labels.${label.name.trim()}`]}>
            <input value={label.value} onChange={(e) => setExtra(index, { value: e.target.value })} />
          </Field>
          <button
            type="button"
            className="secondary"
            aria-label={`Remove label ${index + 1}`}
            onClick={() => onExtraLabels(extraLabels.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      {errors.labels && <p className="field-error">Labels: {errors.labels}</p>}
      <button type="button" className="secondary" onClick={() => onExtraLabels([...extraLabels, { name: '', value: '' }])}>
        Add a label
      </button>
    </fieldset>
  );
}
