import { openAiCompatibleProvider } from '../openai-compatible/openai-compatible-provider';

/** OpenAI: Chat Completions, Responses (also in WebSocket mode), Embeddings and the rest of api.openai.com. */
export const openaiProvider = openAiCompatibleProvider('openai', { webSocket: true });
