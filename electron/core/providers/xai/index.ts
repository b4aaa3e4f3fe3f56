import { openAiCompatibleProvider } from '../openai-compatible/openai-compatible-provider';

/** xAI (Grok), OpenAI-compatible at api.x.ai. */
export const xaiProvider = openAiCompatibleProvider('xai');
