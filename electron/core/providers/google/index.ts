import { providerFacts } from '../../../../shared/provider-facts';
import { headerCredential } from '../credential-headers';
import { listedModelIds } from '../model-lists';
import type { Provider } from '../provider';
import { joinUpstreamUrl } from '../upstream-url';
import { googleErrorAnswer } from '../error-answers';

const modelInPath = /\/models\/([^/:]+):([A-Za-z]+)$/;

/**
 * Gemini API: `/v1beta/models/<model>:generateContent`, `:streamGenerateContent` (SSE with
 * `?alt=sse`, otherwise a streamed JSON array), `:countTokens` (free), `:embedContent`. The key goes in
 * `x-goog-api-key`; a `key` query parameter from the client is never forwarded.
 */
export const googleProvider: Provider = {
  slug: 'google',
  facts: providerFacts.google,
  defaultBaseUrl: (aiProvider) => aiProvider.baseUrl ?? providerFacts.google.defaultBaseUrl,
  plan(request) {
    const match = modelInPath.exec(request.path);
    const method = match?.[2] ?? '';
    const path = request.path === '/v1/models' ? '/v1beta/models' : request.path;
    return {
      url: joinUpstreamUrl(request.base, path, request.query),
      model: match ? decodeURIComponent(match[1]!) : null,
      streamed: method === 'streamGenerateContent',
      metered: request.method === 'POST' && method !== 'countTokens',
      hideUsageChunk: false,
      bodyChanged: false,
      auth: headerCredential('x-goog-api-key'),
    };
  },
  modelInPath(path) {
    const match = modelInPath.exec(path);
    return match ? decodeURIComponent(match[1]!) : null;
  },
  connectionProbe: () => ({ method: 'GET', path: '/v1beta/models', body: null, lists: true }),
  listedModels: listedModelIds,
  errorAnswer: googleErrorAnswer,
};
