import { openAiCompatibleProvider } from '../openai-compatible/openai-compatible-provider';

/** An OpenAI-compatible gateway (LiteLLM, Portkey, a CI platform's…): its `baseUrl` and a bearer key. */
export const gatewayProvider = openAiCompatibleProvider('gateway');
