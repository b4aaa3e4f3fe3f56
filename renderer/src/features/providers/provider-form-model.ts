import type { z } from 'zod';
import { CreateAiProviderInput, type AiProvider, type AuthMethod } from '../../../../shared/operations';
import { SecretValue } from '../../../../shared/operations';
import { Name, type ProviderSlug } from '../../../../shared/slugs';
import { fieldErrorsOf, type FieldErrors } from '../../components/form-errors';

export type KeySource = 'existing' | 'new';

/** What the provider form edits: text as typed, turned into the contract's input on save. */
export interface ProviderFormValues {
  name: string;
  provider: ProviderSlug;
  defaultModel: string;
  baseUrl: string;
  authMethod: AuthMethod;
  keySource: KeySource;
  secretId: string;
  newKeyName: string;
  newKeyValue: string;
  /** Slug-specific settings with their own inputs (azure resource, bedrock region…). */
  configFields: Record<string, string>;
  /** Any further `config` keys, as a JSON object. */
  configJson: string;
}

/** The `config` keys each slug asks for with a labelled input; everything else goes in the JSON editor. */
export const configFieldsBySlug: Partial<Record<ProviderSlug, Array<{ key: string; label: string; placeholder: string }>>> = {
  azure: [
    { key: 'resource', label: 'Azure resource', placeholder: 'my-openai-resource' },
    { key: 'deployment', label: 'Deployment', placeholder: 'gpt-4o-prod' },
    { key: 'apiVersion', label: 'API version', placeholder: '2024-10-21' },
  ],
  bedrock: [{ key: 'region', label: 'AWS region', placeholder: 'us-east-1' }],
};

export const modelPlaceholders: Record<ProviderSlug, string> = {
  openai: 'gpt-4.1',
  anthropic: 'claude-sonnet-4-5',
  google: 'gemini-2.5-pro',
  xai: 'grok-4',
  groq: 'llama-3.3-70b-versatile',
  ollama: 'llama3.1',
  azure: 'gpt-4o',
  bedrock: 'anthropic.claude-sonnet-4-5-v1:0',
  gateway: 'anthropic/claude-sonnet-4-5',
  custom: 'my-model',
};

/** Slugs whose base URL must be given; for the others it overrides the provider's default. */
export const baseUrlRequired = (values: Pick<ProviderFormValues, 'provider' | 'authMethod'>) =>
  values.authMethod === 'hosted' || values.provider === 'gateway' || values.provider === 'custom';

export function emptyProviderForm(): ProviderFormValues {
  return {
    name: '',
    provider: 'anthropic',
    defaultModel: '',
    baseUrl: '',
    authMethod: 'byo',
    keySource: 'new',
    secretId: '',
    newKeyName: '',
    newKeyValue: '',
    configFields: {},
    configJson: '',
  };
}

export function providerFormOf(provider: AiProvider): ProviderFormValues {
  const own = new Set((configFieldsBySlug[provider.provider] ?? []).map((f) => f.key));
  const configFields: Record<string, string> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(provider.config ?? {})) {
    if (own.has(key) && typeof value === 'string') configFields[key] = value;
    else rest[key] = value;
  }
  return {
    ...emptyProviderForm(),
    name: provider.name,
    provider: provider.provider,
    defaultModel: provider.defaultModel,
    baseUrl: provider.baseUrl ?? '',
    authMethod: provider.authMethod,
    keySource: provider.secretId ? 'existing' : 'new',
    secretId: provider.secretId ?? '',
    configFields,
    configJson: Object.keys(rest).length > 0 ? JSON.stringify(rest, null, 2) : '',
  };
}

export type ProviderDraft = {
  input: z.input<typeof CreateAiProviderInput>;
  /** A key to store as a new secret and link. */
  newKey?: { name: string; value: string };
};

/**
 * Checks the form with the shared schemas (plus what the form itself requires) and builds the
 * contract's input. Errors are keyed by the form's field names.
 */
export function validateProviderForm(values: ProviderFormValues): { draft: ProviderDraft; errors: null } | { draft: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  let config: Record<string, unknown> | null = null;
  if (values.configJson.trim()) {
    try {
      const parsed: unknown = JSON.parse(values.configJson);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) errors.configJson = 'must be a JSON object, e.g. {"key": "value"}';
      else config = parsed as Record<string, unknown>;
    } catch (error) {
      errors.configJson = `is not valid JSON: ${(error as Error).message}`;
    }
  }
  for (const field of configFieldsBySlug[values.provider] ?? []) {
    const value = values.configFields[field.key]?.trim();
    if (value) config = { ...config, [field.key]: value };
  }
  const baseUrl = values.baseUrl.trim();
  if (!baseUrl && baseUrlRequired(values)) errors.baseUrl = values.authMethod === 'hosted' ? 'required: the hosted model endpoint' : `required for ${values.provider} providers`;

  let newKey: ProviderDraft['newKey'];
  if (values.keySource === 'existing') {
    if (!values.secretId && (values.authMethod === 'hosted' || values.provider !== 'ollama')) errors.secretId = 'choose a secret, or enter a new key';
  } else if (values.newKeyValue || values.authMethod === 'hosted' || values.provider !== 'ollama') {
    const value = SecretValue.safeParse(values.newKeyValue);
    if (!value.success) errors.newKeyValue = value.error.issues[0]?.message ?? 'invalid';
    const keyName = Name.safeParse(values.newKeyName.trim() || `${values.name.trim()} key`);
    if (!keyName.success) errors.newKeyName = keyName.error.issues[0]?.message ?? 'invalid';
    if (value.success && keyName.success) newKey = { name: keyName.data, value: value.data };
  }

  const input: z.input<typeof CreateAiProviderInput> = {
    name: values.name,
    provider: values.provider,
    defaultModel: values.defaultModel,
    baseUrl: baseUrl || null,
    config,
    authMethod: values.authMethod,
    secretId: values.keySource === 'existing' && values.secretId ? values.secretId : null,
  };
  const parsed = CreateAiProviderInput.safeParse(input);
  if (!parsed.success) {
    for (const [path, message] of Object.entries(fieldErrorsOf(parsed.error.issues))) errors[formFieldOf(path)] ??= message;
  }
  if (Object.keys(errors).length > 0) return { draft: null, errors };
  return { draft: { input, newKey }, errors: null };
}

/** Maps server field paths (`config.region`) onto the form's fields. */
export function formFieldOf(path: string): string {
  if (path.startsWith('config.')) return `configFields.${path.slice('config.'.length)}`;
  if (path === 'config') return 'configJson';
  return path;
}
