import { openAiCompatibleProvider } from '../openai-compatible/openai-compatible-provider';

/** Any OpenAI-compatible endpoint, such as a self-hosted vLLM or llama.cpp server. */
export const customProvider = openAiCompatibleProvider('custom');
