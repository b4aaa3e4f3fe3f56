import { openAiCompatibleProvider } from '../openai-compatible/openai-compatible-provider';

/** Groq, OpenAI-compatible under api.groq.com/openai. */
export const groqProvider = openAiCompatibleProvider('groq');
