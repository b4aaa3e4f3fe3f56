import { bearer, joinUpstreamUrl, modelOrDefault, type ProviderAdapter } from './adapter';
import { planOpenAiRequest } from './openai-compatible';

/**
 * Ollama: native `/api/chat` and `/api/generate` (NDJSON streaming, on by default) and the
 * OpenAI-compatible `/v1`. No key by default; a linked secret is sent as a bearer token (for an
 * Ollama behind an authenticating reverse proxy).
 */
export const ollamaAdapter: ProviderAdapter = {
  defaultBaseUrl: (provider) => provider.baseUrl ?? 'http://127.0.0.1:11434',
  plan(request) {
    if (request.path.startsWith('/v1/')) return { ...planOpenAiRequest(request), auth: bearer };
    const { model, changed } = modelOrDefault(request);
    const generates = request.path === '/api/chat' || request.path === '/api/generate';
    return {
      url: joinUpstreamUrl(request.base, request.path, request.query),
      model,
      streamed: generates && request.body?.stream !== false,
      metered: request.method === 'POST' && (generates || request.path === '/api/embed'),
      hideUsageChunk: false,
      bodyChanged: changed,
      auth: bearer,
    };
  },
};
