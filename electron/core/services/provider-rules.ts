import { AppError, invalidInput } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations';
import { parseSecretJson, providerFacts } from '../../../shared/provider-facts';
import { providerFactIssues, type RuleIssue } from '../../../shared/provider-rules';
import { assertAllowedUpstreamUrl } from '../net/forbidden-address';

export type { RuleIssue };

/** The fields the per-slug rules look at: a provider as it will be after a create or update. */
export type ProviderShape = Pick<AiProvider, 'provider' | 'baseUrl' | 'config' | 'secretId' | 'authMethod'>;

/**
 * The form's rules from the facts table (shared/provider-rules.ts), plus what only the server
 * can check: that the baseUrl is an address upstreams may use.
 */
export function providerRuleIssues(aiProvider: ProviderShape): RuleIssue[] {
  const issues = providerFactIssues({
    slug: aiProvider.provider,
    baseUrl: aiProvider.baseUrl,
    config: aiProvider.config,
    authMethod: aiProvider.authMethod,
    secretLinked: aiProvider.secretId !== null,
  });
  if (aiProvider.baseUrl !== null) {
    try {
      assertAllowedUpstreamUrl(aiProvider.baseUrl);
    } catch (error) {
      issues.push({ path: 'baseUrl', message: (error as Error).message });
    }
  }
  return issues;
}

/** The baseUrl a new or changed record is stored with: the slug's default where the facts say to prefill it. */
export function storedBaseUrl(aiProvider: Pick<AiProvider, 'provider' | 'baseUrl'>): string | null {
  const facts = providerFacts[aiProvider.provider];
  return aiProvider.baseUrl ?? (facts.baseUrl === 'prefilled' ? facts.defaultBaseUrl : null);
}

/**
 * The linked secret's value fits the slug's JSON format (Bedrock's AWS credentials), or an issue
 * saying how to write it. A hosted endpoint's secret is a platform token, which has no format.
 */
export async function secretFormatIssue(
  aiProvider: Pick<AiProvider, 'provider' | 'authMethod'>,
  readValue: () => Promise<string>,
): Promise<RuleIssue | null> {
  const format = providerFacts[aiProvider.provider].secretFormat;
  // Only slugs with a format read the value: most keys are opaque and stay in the vault.
  if (!format || aiProvider.authMethod === 'hosted' || parseSecretJson(format.schema, await readValue()) !== null) return null;
  return { path: 'secretId', message: `the secret must hold ${format.description}` };
}

/** Issues as the same 400 the invoker raises for schema errors. */
export function ruleError(issues: RuleIssue[]): AppError {
  return invalidInput(issues);
}
