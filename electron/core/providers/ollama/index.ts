import { providerFacts } from '../../../../shared/provider-facts';
import { bearer } from '../credential-headers';
import { modelOrDefault } from '../default-model';
import { listedModelIds } from '../model-lists';
import { planOpenAiRequest } from '../openai-compatible/openai-plan';
import type { Provider } from '../provider';
import { joinUpstreamUrl } from '../upstream-url';
import { ollamaErrorAnswer } from '../error-answers';

/**
 * Ollama: native `/api/chat` and `/api/generate` (NDJSON streaming, on by default) and the
 * OpenAI-compatible `/v1`. No key by default; a linked secret is sent as a bearer token (for an
 * Ollama behind an authenticating reverse proxy).
 */
export const ollamaProvider: Provider = {
  slug: 'ollama',
  facts: providerFacts.ollama,
  defaultBaseUrl: (aiProvider) => aiProvider.baseUrl ?? providerFacts.ollama.defaultBaseUrl,
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
  connectionProbe: () => ({ method: 'GET', path: '/api/tags', body: null, lists: true }),
  listedModels: listedModelIds,
  errorAnswer: ollamaErrorAnswer,
};
