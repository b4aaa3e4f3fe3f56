import { useRef, useState, type FormEvent } from 'react';
import type { AiProvider } from '../../../../shared/operations';
import { providerFacts } from '../../../../shared/provider-facts';
import { providerSlugs, type ProviderSlug } from '../../../../shared/slugs';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { focusFirstInvalid, saveErrorOf, type FieldErrors } from '../../components/form-errors';
import { useAppStore } from '../../store/app-store';
import { AuthMethodFields } from './auth-method-fields';
import { ErrorBanner } from '../../components/error-banner';
import { isStaleEdit, StaleEditNotice } from '../../components/stale-edit-notice';
import {
  baseUrlRequired,
  emptyProviderForm,
  formFieldOf,
  keyChoiceFor,
  providerFormOf,
  validateProviderForm,
  type ProviderFormValues,
} from './provider-form-model';

/** Create or edit a provider; its fields follow the chosen slug and auth method. */
export function ProviderForm({ editing, onClose }: { editing: AiProvider | null; onClose(): void }) {
  const secrets = useAppStore((s) => s.secrets.data) ?? [];
  const createProvider = useAppStore((s) => s.createProvider);
  const updateProvider = useAppStore((s) => s.updateProvider);
  const reloadProvider = useAppStore((s) => s.reloadProvider);
  // The version this form started from: saved as If-Match, so a change made meanwhile is not overwritten.
  const [base, setBase] = useState<AiProvider | null>(editing);
  const [stale, setStale] = useState(false);
  const [values, setValues] = useState<ProviderFormValues>(() =>
    editing ? providerFormOf(editing) : { ...emptyProviderForm(), ...keyChoiceFor(emptyProviderForm().provider, secrets) },
  );
  // Until the admin picks a key source, a new provider follows its slug's matching secret.
  const [keyChosen, setKeyChosen] = useState(!!editing);
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const change = <K extends keyof ProviderFormValues>(key: K, value: ProviderFormValues[K]) => {
    if (key === 'keySource' || key === 'secretId') setKeyChosen(true);
    setValues((v) => ({ ...v, [key]: value, ...(key === 'provider' && !keyChosen ? keyChoiceFor(value as ProviderSlug, secrets) : {}) }));
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const checked = validateProviderForm(values);
    if (checked.errors) {
      setErrors(checked.errors);
      focusFirstInvalid(formRef.current);
      setFormError('Check the highlighted fields.');
      return;
    }
    setSaving(true);
    try {
      const { input, newKey } = checked.draft;
      if (base) {
        const { name, defaultModel, baseUrl, config, authMethod, secretId } = input;
        await updateProvider(
          {
            aiProviderId: base.id,
            ifMatch: base.updatedAt,
            name,
            defaultModel,
            baseUrl,
            config,
            authMethod,
            ...(newKey ? {} : { secretId }),
          },
          newKey,
        );
      } else {
        await createProvider(input, newKey);
      }
      onClose();
    } catch (error) {
      if (isStaleEdit(error)) {
        setStale(true);
        setFormError(null);
        return;
      }
      const { fields, message } = saveErrorOf(error);
      setErrors(Object.fromEntries(Object.entries(fields).map(([path, text]) => [formFieldOf(path), text])));
      focusFirstInvalid(formRef.current);
      setFormError(message);
    } finally {
      setSaving(false);
    }
  }

  async function reload() {
    if (!base) return;
    try {
      const fresh = await reloadProvider(base.id);
      setBase(fresh);
      setValues(providerFormOf(fresh));
      setErrors({});
      setStale(false);
    } catch (error) {
      setStale(false);
      setFormError(saveErrorOf(error).message);
    }
  }

  const facts = providerFacts[values.provider];
  const slugFields = facts.configFields;
  return (
    <Dialog title={editing ? `Edit ${editing.name}` : 'Add provider'} onClose={onClose} wide>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="form">
        <div className="field-row">
          <Field label="Name" error={errors.name} hint="Unique in this project, e.g. “Anthropic production”.">
            <input value={values.name} onChange={(e) => change('name', e.target.value)} />
          </Field>
          <Field label="Provider" error={errors.provider} hint={facts.docsHint}>
            <select value={values.provider} disabled={!!editing} onChange={(e) => change('provider', e.target.value as ProviderSlug)}>
              {providerSlugs.map((slug) => (
                <option key={slug} value={slug}>
                  {providerFacts[slug].label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="field-row">
          <Field label="Default model" error={errors.defaultModel} hint="Sent when a request names no model.">
            <input
              value={values.defaultModel}
              onChange={(e) => change('defaultModel', e.target.value)}
              placeholder={`e.g. ${facts.modelPlaceholder}`}
            />
          </Field>
          <Field
            label={values.authMethod === 'hosted' ? 'Hosted endpoint URL' : baseUrlRequired(values) ? 'Base URL' : 'Base URL (optional)'}
            error={errors.baseUrl}
            hint={values.authMethod === 'hosted' ? 'Your organization’s hosted model endpoint.' : 'Leave empty for the provider’s own API.'}
          >
            <input
              type="url"
              value={values.baseUrl}
              onChange={(e) => change('baseUrl', e.target.value)}
              placeholder={values.authMethod === 'hosted' ? 'e.g. https://agents.example.com' : `e.g. ${facts.baseUrlPlaceholder}`}
            />
          </Field>
        </div>
        {slugFields.length > 0 && (
          <div className="field-row">
            {slugFields.map((field) => (
              <Field key={field.key} label={field.label} error={errors[`configFields.${field.key}`]}>
                <input
                  value={values.configFields[field.key] ?? ''}
                  placeholder={`e.g. ${field.placeholder}`}
                  onChange={(e) => change('configFields', { ...values.configFields, [field.key]: e.target.value })}
                />
              </Field>
            ))}
          </div>
        )}
        <AuthMethodFields values={values} errors={errors} secrets={secrets} onChange={change} />
        <Field label="Extra configuration (JSON)" error={errors.configJson} hint="Optional provider-specific settings as a JSON object.">
          <textarea
            className="code-input"
            rows={3}
            value={values.configJson}
            onChange={(e) => change('configJson', e.target.value)}
            placeholder='e.g. {"organization": "org-123"}'
            spellCheck={false}
          />
        </Field>
        {stale && <StaleEditNotice what="this provider" onReload={() => void reload()} onDismiss={() => setStale(false)} />}
        <ErrorBanner message={formError} />
        <div className="form-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={saving}>
            {saving ? 'Saving…' : editing ? 'Save provider' : 'Add provider'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
