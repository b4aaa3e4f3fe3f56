import type { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import { ProviderSlug } from '../../../shared/slugs';
import { anthropicProvider } from './anthropic/index';
import { azureProvider } from './azure/index';
import { bedrockProvider } from './bedrock/index';
import { customProvider } from './custom/index';
import type { ErrorAnswer } from './error-answers';
import { gatewayProvider } from './gateway/index';
import { googleProvider } from './google/index';
import { groqProvider } from './groq/index';
import { ollamaProvider } from './ollama/index';
import { openaiProvider } from './openai/index';
import type { Provider } from './provider';
import { xaiProvider } from './xai/index';

/** Slug → everything Switchboard knows about that provider. */
export const providers: Record<ProviderSlug, Provider> = {
  openai: openaiProvider,
  anthropic: anthropicProvider,
  google: googleProvider,
  xai: xaiProvider,
  groq: groqProvider,
  ollama: ollamaProvider,
  azure: azureProvider,
  bedrock: bedrockProvider,
  gateway: gatewayProvider,
  custom: customProvider,
};

/** The module for a record's slug. */
export const providerFor = (aiProvider: Pick<AiProvider, 'provider'>): Provider => providers[aiProvider.provider];

/**
 * A refusal on a provider route, shaped as that provider's SDK expects: the record's slug once the
 * provider is known, else the slug the route names; Switchboard's own shape for an unknown `aip_` id.
 */
export function errorAnswerFor(error: AppError, aiProviderOrSlug: Pick<AiProvider, 'provider'> | string): ErrorAnswer {
  const slug = typeof aiProviderOrSlug === 'string' ? ProviderSlug.safeParse(aiProviderOrSlug).data : aiProviderOrSlug.provider;
  return slug ? providers[slug].errorAnswer(error) : { body: error.toBody() };
}

export type { Provider } from './provider';
