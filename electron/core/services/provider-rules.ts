import { AppError, invalidInput } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations';
import { assertAllowedUpstreamUrl } from '../net/forbidden-address';

/** Where Ollama listens unless told otherwise. */
export const defaultOllamaBaseUrl = 'http://127.0.0.1:11434';

export interface RuleIssue {
  path: string;
  message: string;
}

/** The fields the per-slug rules look at: a provider as it will be after a create or update. */
export type ProviderShape = Pick<AiProvider, 'provider' | 'baseUrl' | 'config' | 'secretId' | 'authMethod'>;

const awsRegion = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

function configText(config: ProviderShape['config'], key: string): string | null {
  const value = config?.[key];
  return typeof value === 'string' && value.trim().length > 0 ? value : null;
}

/**
 * Per-slug requirements: gateway and custom need a baseUrl; azure needs config.resource (or a
 * baseUrl), config.deployment and config.apiVersion; bedrock needs config.region and a linked
 * secret (AWS credentials JSON, checked by the caller); hosted needs a baseUrl and a secret.
 */
export function providerRuleIssues(shape: ProviderShape): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const need = (ok: boolean, path: string, message: string) => {
    if (!ok) issues.push({ path, message });
  };
  const { provider, config } = shape;
  if (provider === 'gateway' || provider === 'custom') need(shape.baseUrl !== null, 'baseUrl', `required for ${provider} providers`);
  if (provider === 'azure') {
    need(configText(config, 'resource') !== null || shape.baseUrl !== null, 'config.resource', 'required for azure providers (or set baseUrl)');
    need(configText(config, 'deployment') !== null, 'config.deployment', 'required for azure providers');
    need(configText(config, 'apiVersion') !== null, 'config.apiVersion', 'required for azure providers, e.g. "2024-10-21"');
  }
  if (provider === 'bedrock') {
    const region = configText(config, 'region');
    need(region !== null, 'config.region', 'required for bedrock providers, e.g. "us-east-1"');
    if (region !== null) need(awsRegion.test(region), 'config.region', 'must be an AWS region such as "us-east-1"');
    need(shape.secretId !== null, 'secretId', 'bedrock providers need a secret holding {"accessKeyId","secretAccessKey"}');
  }
  if (shape.baseUrl !== null) {
    try {
      assertAllowedUpstreamUrl(shape.baseUrl);
    } catch (error) {
      issues.push({ path: 'baseUrl', message: (error as Error).message });
    }
  }
  if (shape.authMethod === 'hosted') {
    need(shape.baseUrl !== null, 'baseUrl', 'required for hosted providers: the hosted model endpoint');
    need(shape.secretId !== null, 'secretId', 'required for hosted providers: the platform token');
  }
  return issues;
}

/** Issues as the same 400 the invoker raises for schema errors. */
export function ruleError(issues: RuleIssue[]): AppError {
  return invalidInput(issues);
}
