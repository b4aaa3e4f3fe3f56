import { openAiCompatibleProvider } from '../openai-compatible/openai-compatible-provider';

/** OpenAI: Chat Completions, Responses, Embeddings and the rest of api.openai.com. */
export const openaiProvider = openAiCompatibleProvider('openai');
