import type { Secret, VaultBackend } from '../../../../shared/operations';
import { providerFacts } from '../../../../shared/provider-facts';
import { Field } from '../../components/field';
import type { FieldErrors } from '../../components/form-errors';
import { useAppStore } from '../../store/app-store';
import type { KeySource, ProviderFormValues } from './provider-form-model';

type Change = <K extends keyof ProviderFormValues>(key: K, value: ProviderFormValues[K]) => void;

const authMethods = [
  {
    value: 'byo',
    label: 'Bring your own key',
    description: 'Requests go straight to the provider with your API key, kept in this machine’s vault.',
  },
  {
    value: 'hosted',
    label: 'Hosted',
    description:
      'Requests go through your organization’s hosted model endpoint, authenticated with its platform token; no provider key on this machine.',
  },
] as const;

/** Where a new key goes, in the words of the vault actually in use: never "keychain" when it is a file. */
const keyHome: Record<VaultBackend, string> = {
  keychain: 'kept in this machine’s OS keychain',
  file: 'kept in an encrypted file on this machine (no OS keychain is reachable)',
  memory: 'kept in memory only, lost on exit (test mode)',
  team: 'kept encrypted in the team database under the team key',
};

/** Auth method choice and where its credential comes from: an existing secret or a new one. */
export function AuthMethodFields({
  values,
  errors,
  secrets,
  onChange,
}: {
  values: ProviderFormValues;
  errors: FieldErrors;
  secrets: Secret[];
  onChange: Change;
}) {
  const hosted = values.authMethod === 'hosted';
  const credential = hosted ? 'platform token' : 'API key';
  const backend = useAppStore((s) => s.status?.vault.backend);
  const describe = (method: (typeof authMethods)[number]) =>
    method.value === 'byo' && backend ? `Requests go straight to the provider with your API key, ${keyHome[backend]}.` : method.description;
  return (
    <>
      <fieldset className="choice-group">
        <legend>Authentication</legend>
        {authMethods.map((method) => (
          <label key={method.value} className="choice">
            <input
              type="radio"
              name="authMethod"
              value={method.value}
              checked={values.authMethod === method.value}
              onChange={() => onChange('authMethod', method.value)}
            />
            <span>
              <strong>{method.label}</strong>
              <span className="choice-description">{describe(method)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choice-group">
        <legend>{hosted ? 'Platform token' : 'API key'}</legend>
        {(['new', 'existing'] as KeySource[]).map((source) => (
          <label key={source} className="choice choice-inline">
            <input
              type="radio"
              name="keySource"
              value={source}
              checked={values.keySource === source}
              onChange={() => onChange('keySource', source)}
            />
            {source === 'new' ? `Enter a new ${credential}` : 'Use an existing secret'}
          </label>
        ))}
        {values.keySource === 'existing' ? (
          <Field
            label="Secret"
            error={errors.secretId}
            hint={secrets.length === 0 ? 'This project has no secrets yet: enter a new key instead.' : undefined}
          >
            <select value={values.secretId} onChange={(e) => onChange('secretId', e.target.value)}>
              <option value="">Choose a secret…</option>
              {secrets.map((secret) => (
                <option key={secret.id} value={secret.id}>
                  {secret.name} ({secret.fingerprint})
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <div className="field-row">
            <Field
              label={hosted ? 'Platform token' : 'API key'}
              error={errors.newKeyValue}
              hint="Stored in the vault and never shown again."
            >
              <input
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={values.newKeyValue}
                onChange={(e) => onChange('newKeyValue', e.target.value)}
              />
            </Field>
            <Field label="Save it as secret" error={errors.newKeyName} hint="Empty: the name shown here.">
              <input
                value={values.newKeyName}
                onChange={(e) => onChange('newKeyName', e.target.value)}
                placeholder={`${values.name.trim() || providerFacts[values.provider].label} key`}
              />
            </Field>
          </div>
        )}
      </fieldset>
    </>
  );
}
