import type { z } from 'zod';
import { CreateAiProviderInput, type AiProvider, type AuthMethod, type Secret } from '../../../../shared/operations';
import { SecretValue } from '../../../../shared/operations';
import { parseSecretJson, providerFacts } from '../../../../shared/provider-facts';
import { providerFactIssues } from '../../../../shared/provider-rules';
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

/** Slugs whose base URL must be given; for the others it overrides the provider's default. */
export const baseUrlRequired = (values: Pick<ProviderFormValues, 'provider' | 'authMethod'>) =>
  values.authMethod === 'hosted' || providerFacts[values.provider].baseUrl === 'required';

/** A key the slug cannot work without (everything but a local Ollama, and every hosted endpoint). */
const keyRequired = (values: Pick<ProviderFormValues, 'provider' | 'authMethod'>) =>
  values.authMethod === 'hosted' || providerFacts[values.provider].secret !== 'none';

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

export function providerFormOf(aiProvider: AiProvider): ProviderFormValues {
  const own = new Set(providerFacts[aiProvider.provider].configFields.map((field) => field.key));
  const configFields: Record<string, string> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(aiProvider.config ?? {})) {
    if (own.has(key) && typeof value === 'string') configFields[key] = value;
    else rest[key] = value;
  }
  return {
    ...emptyProviderForm(),
    name: aiProvider.name,
    provider: aiProvider.provider,
    defaultModel: aiProvider.defaultModel,
    baseUrl: aiProvider.baseUrl ?? '',
    authMethod: aiProvider.authMethod,
    keySource: aiProvider.secretId ? 'existing' : 'new',
    secretId: aiProvider.secretId ?? '',
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
export function validateProviderForm(
  values: ProviderFormValues,
): { draft: ProviderDraft; errors: null } | { draft: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  let config: Record<string, unknown> | null = null;
  if (values.configJson.trim()) {
    try {
      const parsed: unknown = JSON.parse(values.configJson);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        errors.configJson = 'must be a JSON object, e.g. {"key": "value"}';
      else config = parsed as Record<string, unknown>;
    } catch (error) {
      errors.configJson = `is not valid JSON: ${(error as Error).message}`;
    }
  }
  const facts = providerFacts[values.provider];
  for (const field of facts.configFields) {
    const value = values.configFields[field.key]?.trim();
    if (value) config = { ...config, [field.key]: value };
  }
  const baseUrl = values.baseUrl.trim();
  // The server reads the same rules; the secret is checked below, where the form knows how it is given.
  const ruleInput = { slug: values.provider, baseUrl: baseUrl || null, config, authMethod: values.authMethod, secretLinked: true };
  for (const issue of providerFactIssues(ruleInput)) errors[formFieldOf(issue.path)] ??= issue.message;

  let newKey: ProviderDraft['newKey'];
  if (values.keySource === 'existing') {
    if (!values.secretId && keyRequired(values)) errors.secretId = 'choose a secret, or enter a new key';
  } else if (values.newKeyValue || keyRequired(values)) {
    const value = SecretValue.safeParse(values.newKeyValue);
    if (!value.success) errors.newKeyValue = value.error.issues[0]?.message ?? 'invalid';
    else if (facts.secretFormat && values.authMethod !== 'hosted' && parseSecretJson(facts.secretFormat.schema, value.data) === null) {
      errors.newKeyValue = `must be ${facts.secretFormat.description}`;
    }
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

/** A project secret that looks meant for this kind of provider ("Anthropic key" for anthropic), newest first. */
export function matchingSecret(slug: ProviderSlug, secrets: readonly Secret[]): Secret | null {
  const words = [slug, providerFacts[slug].label].map((w) => w.toLowerCase());
  const matches = secrets.filter((s) => words.some((w) => s.name.toLowerCase().includes(w)));
  return matches.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
}

/** A new provider's key source for a slug: the matching secret when there is one, else a new key. */
export function keyChoiceFor(slug: ProviderSlug, secrets: readonly Secret[]): Pick<ProviderFormValues, 'keySource' | 'secretId'> {
  const match = matchingSecret(slug, secrets);
  return match ? { keySource: 'existing', secretId: match.id } : { keySource: 'new', secretId: '' };
}
