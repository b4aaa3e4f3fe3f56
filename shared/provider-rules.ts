import type { AuthMethod } from './operations/ai-providers';
import { providerFacts } from './provider-facts';
import type { ProviderSlug } from './slugs';

export interface RuleIssue {
  path: string;
  message: string;
}

/** What the per-slug rules look at, as the form holds it or as the server will store it. */
export interface ProviderRuleInput {
  slug: ProviderSlug;
  baseUrl: string | null;
  config: Record<string, unknown> | null;
  authMethod: AuthMethod;
  /** A secret is (or will be) linked. */
  secretLinked: boolean;
}

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * The rules of the facts table, read the same way by the provider form and by the server:
 * a baseUrl where the slug has no public endpoint (or the endpoint is hosted), each config field
 * present and well formed, a secret where the slug or the hosted endpoint cannot work without one.
 */
export function providerFactIssues(input: ProviderRuleInput): RuleIssue[] {
  const facts = providerFacts[input.slug];
  const hosted = input.authMethod === 'hosted';
  const issues: RuleIssue[] = [];
  if (input.baseUrl === null) {
    if (hosted) issues.push({ path: 'baseUrl', message: 'required: the hosted model endpoint' });
    else if (facts.baseUrl === 'required') issues.push({ path: 'baseUrl', message: `required for ${input.slug} providers` });
  }
  for (const field of facts.configFields) {
    const value = input.config?.[field.key];
    const path = `config.${field.key}`;
    if (blank(value)) {
      if (field.required === 'always' || input.baseUrl === null) {
        issues.push({ path, message: `required for ${input.slug} providers${field.requiredHint ? ` (${field.requiredHint})` : ''}` });
      }
      continue;
    }
    const parsed = field.schema.safeParse(value);
    if (!parsed.success) issues.push({ path, message: parsed.error.issues[0]?.message ?? 'invalid' });
  }
  if (!input.secretLinked) {
    if (hosted) issues.push({ path: 'secretId', message: 'required for hosted providers: the platform token' });
    else if (facts.secret === 'required') {
      issues.push({
        path: 'secretId',
        message: `required for ${input.slug} providers: ${facts.secretFormat?.description ?? 'the API key'}`,
      });
    }
  }
  return issues;
}
