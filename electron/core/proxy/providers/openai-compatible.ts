import type { AiProvider } from '../../../../shared/operations/ai-providers';
import { bearer, joinUpstreamUrl, modelOrDefault, type AdapterPlan, type AdapterRequest, type ProviderAdapter } from './adapter';

/**
 * OpenAI's wire format (Chat Completions, Responses, Embeddings), spoken by openai, xai, groq,
 * Ollama's /v1, gateways and custom endpoints. Streamed chat requests get
 * `stream_options.include_usage` so usage is exact; a client that did not ask never sees that chunk.
 */
export function planOpenAiRequest(request: AdapterRequest, url: URL = joinUpstreamUrl(request.base, request.path, request.query)): Omit<AdapterPlan, 'auth'> {
  const { model, changed } = modelOrDefault(request);
  const body = request.body;
  const streamed = body?.stream === true;
  let hideUsageChunk = false;
  let bodyChanged = changed;
  if (body && streamed && /\/(chat\/)?completions$/.test(request.path)) {
    const options = typeof body.stream_options === 'object' && body.stream_options !== null ? (body.stream_options as Record<string, unknown>) : null;
    if (options?.include_usage !== true) {
      body.stream_options = { ...options, include_usage: true };
      hideUsageChunk = true;
      bodyChanged = true;
    }
  }
  const metered = request.method === 'POST';
  return { url, model, streamed, metered, hideUsageChunk, bodyChanged };
}

export function openAiCompatibleAdapter(defaultBase: string | null): ProviderAdapter {
  return {
    defaultBaseUrl: (provider: AiProvider) => provider.baseUrl ?? defaultBase,
    plan: (request) => ({ ...planOpenAiRequest(request), auth: bearer }),
  };
}

export const openaiAdapter = openAiCompatibleAdapter('https://api.openai.com');
export const xaiAdapter = openAiCompatibleAdapter('https://api.x.ai');
export const groqAdapter = openAiCompatibleAdapter('https://api.groq.com/openai');
/** An OpenAI-compatible gateway (LiteLLM, Portkey, a CI platform's…): `baseUrl` and a bearer key. */
export const gatewayAdapter = openAiCompatibleAdapter(null);
/** Any OpenAI-compatible endpoint, such as a self-hosted vLLM or llama.cpp server. */
export const customAdapter = openAiCompatibleAdapter(null);
