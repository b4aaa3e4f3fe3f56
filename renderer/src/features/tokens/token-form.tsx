import { useRef, useState, type FormEvent } from 'react';
import { noTokenLimits, type Token } from '../../../../shared/operations';
import type { Permission } from '../../../../shared/permissions';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { focusFirstInvalid, saveErrorOf, type FieldErrors } from '../../components/form-errors';
import { formatDateTime } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import { AllowedProviderFields } from './allowed-provider-fields';
import { LabelFields } from './label-fields';
import { PermissionFields } from './permission-fields';
import {
  chosenPermissions,
  emptyTokenForm,
  expiryChoices,
  tokenFormOf,
  validateTokenEdit,
  validateTokenForm,
  type TokenFormValues,
} from './token-form-model';

const toggle = <T extends string>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

/** Issue a job token (pipelines, through the proxy) or an API token (REST and MCP), or edit one already issued. */
export function TokenForm({ editing, onClose }: { editing: Token | null; onClose(): void }) {
  const issueToken = useAppStore((s) => s.issueToken);
  const updateToken = useAppStore((s) => s.updateToken);
  const [values, setValues] = useState<TokenFormValues>(() => (editing ? tokenFormOf(editing) : emptyTokenForm()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const change = <K extends keyof TokenFormValues>(key: K, value: TokenFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  function showErrors(fields: FieldErrors, message: string | null) {
    setErrors(fields);
    setFormError(message);
    focusFirstInvalid(formRef.current);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const now = new Date();
    const checked = editing ? validateTokenEdit(editing, values, now) : validateTokenForm(values, now);
    if (checked.errors) return showErrors(checked.errors, null);
    setSaving(true);
    try {
      if (editing && 'edit' in checked && checked.edit) await updateToken({ tokenId: editing.id, ...checked.edit });
      else if ('input' in checked && checked.input) await issueToken(checked.input);
      onClose();
    } catch (error) {
      const { fields, message } = saveErrorOf(error);
      showErrors(fields, message);
    } finally {
      setSaving(false);
    }
  }

  const expiryOptions = editing ? [{ value: 'keep', label: `Keep (${keptExpiry(editing)})` }, ...expiryChoices] : expiryChoices;
  return (
    <Dialog title={editing ? `Edit ${editing.name}` : 'Issue token'} onClose={onClose} wide>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="form">
        <div className="field-row">
          <Field label="Name" error={errors.name} hint="e.g. “nightly-ci”.">
            <input value={values.name} onChange={(e) => change('name', e.target.value)} />
          </Field>
          <Field label={editing ? 'Expires' : 'Expires in'} error={errors.expiresAt}>
            <select value={values.expiry} onChange={(e) => change('expiry', e.target.value as TokenFormValues['expiry'])}>
              {expiryOptions.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset className="choice-group" disabled={!!editing}>
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
          <AllowedProviderFields
            allowed={values.allowedProviders}
            error={errors.allowedProviders}
            onChange={(allowed) => change('allowedProviders', allowed)}
          />
        ) : (
          <PermissionFields
            preset={values.preset}
            chosen={chosenPermissions(values)}
            error={errors.permissions}
            disabled={!!editing}
            onPreset={(preset) =>
              // "Custom" starts from the preset that was chosen, so ticking one more box is one click.
              setValues((v) => ({ ...v, preset, permissions: preset === 'custom' ? chosenPermissions(v) : v.permissions }))
            }
            onToggle={(permission) => change('permissions', toggle<Permission>(values.permissions, permission))}
          />
        )}
        <LabelFields
          labels={values.labels}
          extraLabels={values.extraLabels}
          errors={errors}
          onLabels={(labels) => change('labels', labels)}
          onExtraLabels={(extra) => change('extraLabels', extra)}
        />
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
          {values.kind === 'job' && (
            <>
              <p className="field-hint">
                Past the concurrent requests, an agent&apos;s parallel calls wait their turn on the gateway (up to the queue length, for up
                to the wait) instead of getting 429 at once.
              </p>
              <div className="field-row">
                <Field label="Concurrent requests" error={errors['limits.maxConcurrent']}>
                  <input inputMode="numeric" value={values.maxConcurrent} onChange={(e) => change('maxConcurrent', e.target.value)} />
                </Field>
                <Field label="Queue wait (seconds)" error={errors['limits.queueWaitSeconds']}>
                  <input
                    inputMode="numeric"
                    placeholder="0"
                    value={values.queueWaitSeconds}
                    onChange={(e) => change('queueWaitSeconds', e.target.value)}
                  />
                </Field>
                <Field label="Queue length" error={errors['limits.maxQueued']}>
                  <input
                    inputMode="numeric"
                    placeholder={String(noTokenLimits.maxQueued)}
                    value={values.maxQueued}
                    onChange={(e) => change('maxQueued', e.target.value)}
                  />
                </Field>
              </div>
            </>
          )}
        </fieldset>
        <ErrorBanner message={formError ?? (Object.keys(errors).length > 0 ? 'Check the highlighted fields.' : null)} />
        <div className="form-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={saving}>
            {saving ? 'Saving…' : editing ? 'Save token' : 'Issue token'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const keptExpiry = (token: Token) => (token.expiresAt ? formatDateTime(token.expiresAt) : 'never');
