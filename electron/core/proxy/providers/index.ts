import type { ProviderSlug } from '../../../../shared/slugs';
import type { ProviderAdapter } from './adapter';
import { anthropicAdapter } from './anthropic';
import { azureAdapter } from './azure';
import { bedrockAdapter } from './bedrock';
import { googleAdapter } from './google';
import { ollamaAdapter } from './ollama';
import { customAdapter, gatewayAdapter, groqAdapter, openaiAdapter, xaiAdapter } from './openai-compatible';

/** One adapter per provider slug. */
export const adapters: Record<ProviderSlug, ProviderAdapter> = {
  openai: openaiAdapter,
  anthropic: anthropicAdapter,
  google: googleAdapter,
  xai: xaiAdapter,
  groq: groqAdapter,
  ollama: ollamaAdapter,
  azure: azureAdapter,
  bedrock: bedrockAdapter,
  gateway: gatewayAdapter,
  custom: customAdapter,
};
