import { openAiCompatibleProvider } from '../openai-compatible/openai-compatible-provider';

/** xAI (Grok), OpenAI-compatible at api.x.ai, the Responses API's WebSocket mode included. */
export const xaiProvider = openAiCompatibleProvider('xai', { webSocket: true });
