import { useRef, useState, type FormEvent } from 'react';
import { permissions as allPermissions, type Permission } from '../../../../shared/permissions';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { focusFirstInvalid, saveErrorOf, type FieldErrors } from '../../components/form-errors';
import { useAppStore } from '../../store/app-store';
import { emptyTokenForm, expiryChoices, labelNames, validateTokenForm, type TokenFormValues } from './token-form-model';
import { ErrorBanner } from '../../components/error-banner';

/** Issue a job token (for pipelines, through the proxy) or an API token (REST and MCP). */
export function TokenForm({ onClose }: { onClose(): void }) {
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const issueToken = useAppStore((s) => s.issueToken);
  const [values, setValues] = useState<TokenFormValues>(emptyTokenForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const change = <K extends keyof TokenFormValues>(key: K, value: TokenFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const toggle = <T extends string>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const checked = validateTokenForm(values, new Date());
    if (checked.errors) {
      setErrors(checked.errors);
      focusFirstInvalid(formRef.current);
      return;
    }
    try {
      await issueToken(checked.input);
      onClose();
    } catch (error) {
      const { fields, message } = saveErrorOf(error);
      setErrors(fields);
      focusFirstInvalid(formRef.current);
      setFormError(message);
    }
  }

  return (
    <Dialog title="Issue token" onClose={onClose} wide>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="form">
        <div className="field-row">
          <Field label="Name" error={errors.name} hint="e.g. “deploy pipeline”.">
            <input value={values.name} onChange={(e) => change('name', e.target.value)} />
          </Field>
          <Field label="Expires" error={errors.expiresAt}>
            <select value={values.expiry} onChange={(e) => change('expiry', e.target.value as TokenFormValues['expiry'])}>
              {expiryChoices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset className="choice-group">
          <legend>Kind</legend>
          <label className="choice">
            <input type="radio" name="kind" checked={values.kind === 'job'} onChange={() => change('kind', 'job')} />
            <span>
              <strong>Job token</strong>
              <span className="choice-description">For pipeline steps and developers calling providers through the agent endpoint.</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="kind" checked={values.kind === 'api'} onChange={() => change('kind', 'api')} />
            <span>
              <strong>API token</strong>
              <span className="choice-description">For automation using the REST API or MCP, with the permissions you choose.</span>
            </span>
          </label>
        </fieldset>
        {values.kind === 'job' ? (
          <fieldset className="choice-group">
            <legend>Allowed providers</legend>
            <p className="field-hint">None ticked: every provider of this project.</p>
            {providers.length === 0 && <p className="muted">This project has no providers yet.</p>}
            {providers.map((p) => (
              <label key={p.id} className="choice choice-inline">
                <input
                  type="checkbox"
                  checked={values.allowedProviders.includes(p.id)}
                  onChange={() => change('allowedProviders', toggle(values.allowedProviders, p.id))}
                />
                {p.name} <span className="muted">({p.provider})</span>
              </label>
            ))}
          </fieldset>
        ) : (
          <fieldset className="choice-group permissions-grid">
            <legend>Permissions</legend>
            {errors.permissions && <p className="field-error">{errors.permissions}</p>}
            {allPermissions.map((permission) => (
              <label key={permission} className="choice choice-inline">
                <input
                  type="checkbox"
                  checked={values.permissions.includes(permission)}
                  onChange={() => change('permissions', toggle<Permission>(values.permissions, permission))}
                />
                <code>{permission}</code>
              </label>
            ))}
          </fieldset>
        )}
        <fieldset className="choice-group">
          <legend>Labels</legend>
          <p className="field-hint">Recorded with every request, so usage can be grouped by pipeline.</p>
          <div className="field-row field-row-4">
            {labelNames.map((label) => (
              <Field key={label} label={label[0]!.toUpperCase() + label.slice(1)} error={errors[`labels.${label}`]}>
                <input value={values.labels[label]} onChange={(e) => change('labels', { ...values.labels, [label]: e.target.value })} />
              </Field>
            ))}
          </div>
        </fieldset>
        <fieldset className="choice-group">
          <legend>Limits</legend>
          <p className="field-hint">Leave empty for no limit.</p>
          <div className="field-row">
            <Field label="Requests per minute" error={errors['limits.requestsPerMinute']}>
              <input inputMode="numeric" value={values.requestsPerMinute} onChange={(e) => change('requestsPerMinute', e.target.value)} />
            </Field>
            <Field label="Input tokens per minute" error={errors['limits.inputTokensPerMinute']}>
              <input
                inputMode="numeric"
                value={values.inputTokensPerMinute}
                onChange={(e) => change('inputTokensPerMinute', e.target.value)}
              />
            </Field>
            <Field label="Spend cap (USD)" error={errors['limits.spendCapUsd']}>
              <input inputMode="decimal" value={values.spendCapUsd} onChange={(e) => change('spendCapUsd', e.target.value)} />
            </Field>
          </div>
        </fieldset>
        <ErrorBanner message={formError} />
        <div className="form-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit">Issue token</button>
        </div>
      </form>
    </Dialog>
  );
}
