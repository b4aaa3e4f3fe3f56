import { useRef, useState, type FormEvent } from 'react';
import { WireFamily, wireFamilyOf, type Route } from '../../../../shared/operations';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { SelectField } from '../../components/select-field';
import { focusFirstInvalid, saveErrorOf, type FieldErrors } from '../../components/form-errors';
import { useAppStore } from '../../store/app-store';
import { emptyTarget, familyLabels, routeFormValues, validateRouteForm, type RouteFormValues, type TargetRow } from './route-form-model';

const strategyOptions: { value: RouteFormValues['strategy']; label: string }[] = [
  { value: 'fallback', label: 'Fallback, in order' },
  { value: 'weighted', label: 'Weighted, then fallback' },
];

/** Create a route, or edit one: its name, wire family, strategy, targets, retry and breaker policies. */
export function RouteForm({ route, onClose }: { route: Route | null; onClose(): void }) {
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const createRoute = useAppStore((s) => s.createRoute);
  const updateRoute = useAppStore((s) => s.updateRoute);
  const [values, setValues] = useState<RouteFormValues>(() => routeFormValues(route));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const change = <K extends keyof RouteFormValues>(key: K, value: RouteFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const changeTarget = (index: number, patch: Partial<TargetRow>) =>
    change(
      'targets',
      values.targets.map((t, i) => (i === index ? { ...t, ...patch } : t)),
    );
  const ofFamily = providers.filter((p) => wireFamilyOf[p.provider] === values.family);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const checked = validateRouteForm(values, route);
    if (checked.errors) {
      setErrors(checked.errors);
      focusFirstInvalid(formRef.current);
      return;
    }
    try {
      if (route) await updateRoute({ routeId: route.id, ...checked.input });
      else await createRoute(checked.input);
      onClose();
    } catch (error) {
      const { fields, message } = saveErrorOf(error);
      setErrors(fields);
      setFormError(message);
      focusFirstInvalid(formRef.current);
    }
  }

  return (
    <Dialog title={route ? `Edit route ${route.name}` : 'New route'} onClose={onClose} wide>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="form">
        <div className="field-row">
          <Field label="Name" error={errors.name} hint="Clients call /v3/ai/<name>/… — lower case, e.g. “claude”.">
            <input value={values.name} onChange={(e) => change('name', e.target.value)} />
          </Field>
          <SelectField
            label="Wire family"
            error={errors.family}
            hint="Targets must all speak it."
            value={values.family}
            onChange={(family) => change('family', family as WireFamily)}
            options={WireFamily.options.map((family) => ({ value: family, label: familyLabels[family] }))}
          />
          <SelectField
            label="Strategy"
            error={errors.strategy}
            value={values.strategy}
            onChange={(strategy) => change('strategy', strategy as RouteFormValues['strategy'])}
            options={strategyOptions}
          />
        </div>
        <fieldset className="choice-group">
          <legend>Targets</legend>
          {errors.targets && <p className="field-error">{errors.targets}</p>}
          {values.targets.map((target, i) => (
            <div className="field-row field-row-4" key={i} role="group" aria-label={`Target ${i + 1}`}>
              <SelectField
                label={`Target ${i + 1} provider`}
                error={errors[`targets.${i}.aiProviderId`]}
                value={target.aiProviderId}
                onChange={(aiProviderId) => changeTarget(i, { aiProviderId })}
                emptyLabel="Choose…"
                options={ofFamily.map((p) => ({ value: p.id, label: `${p.name} (${p.provider})` }))}
              />
              <Field label={`Target ${i + 1} model override`} error={errors[`targets.${i}.model`]} hint="Empty: the client's model.">
                <input value={target.model} onChange={(e) => changeTarget(i, { model: e.target.value })} />
              </Field>
              <Field label={`Target ${i + 1} weight`} error={errors[`targets.${i}.weight`]}>
                <input inputMode="numeric" value={target.weight} onChange={(e) => changeTarget(i, { weight: e.target.value })} />
              </Field>
              <div className="field">
                <label className="choice choice-inline">
                  <input
                    type="checkbox"
                    checked={target.pinFollowUps}
                    onChange={(e) => changeTarget(i, { pinFollowUps: e.target.checked })}
                  />
                  Keeps thinking follow-ups
                </label>
                {values.targets.length > 1 && (
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Remove target ${i + 1}`}
                    onClick={() =>
                      change(
                        'targets',
                        values.targets.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </button>
                )}
              </div>
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => change('targets', [...values.targets, emptyTarget()])}>
            Add target
          </button>
        </fieldset>
        <fieldset className="choice-group">
          <legend>Retries</legend>
          <p className="field-hint">
            Only before the first content byte. Keep the budget small: clients such as Claude Code retry 529 themselves.
          </p>
          <div className="field-row">
            <Field label="Attempts in all" error={errors['retry.maxAttempts']} hint="2 = one retry.">
              <input inputMode="numeric" value={values.maxAttempts} onChange={(e) => change('maxAttempts', e.target.value)} />
            </Field>
            <Field label="Attempts per target" error={errors['retry.attemptsPerTarget']}>
              <input inputMode="numeric" value={values.attemptsPerTarget} onChange={(e) => change('attemptsPerTarget', e.target.value)} />
            </Field>
            <Field label="Longest wait (ms)" error={errors['retry.maxWaitMs']} hint="A longer Retry-After moves on.">
              <input inputMode="numeric" value={values.maxWaitMs} onChange={(e) => change('maxWaitMs', e.target.value)} />
            </Field>
          </div>
        </fieldset>
        <fieldset className="choice-group">
          <legend>Circuit breaker</legend>
          <div className="field-row">
            <Field label="Failures to open" error={errors['breaker.failureThreshold']} hint="Within a minute.">
              <input inputMode="numeric" value={values.failureThreshold} onChange={(e) => change('failureThreshold', e.target.value)} />
            </Field>
            <Field label="Open for (ms)" error={errors['breaker.openMs']} hint="Then one probe.">
              <input inputMode="numeric" value={values.openMs} onChange={(e) => change('openMs', e.target.value)} />
            </Field>
          </div>
        </fieldset>
        <ErrorBanner message={formError} />
        <div className="form-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit">{route ? 'Save route' : 'Create route'}</button>
        </div>
      </form>
    </Dialog>
  );
}
