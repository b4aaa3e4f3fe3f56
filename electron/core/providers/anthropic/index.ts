import { providerFacts } from '../../../../shared/provider-facts';
import { headerCredential } from '../credential-headers';
import { modelOrDefault } from '../default-model';
import { listedModelIds } from '../model-lists';
import type { Provider } from '../provider';
import { joinUpstreamUrl } from '../upstream-url';
import { liftSystemMessages } from './lift-system';
import { anthropicErrorAnswer } from '../error-answers';

export const defaultAnthropicVersion = '2023-06-01';

/**
 * Anthropic Messages (`/v1/messages`, streamed or not) and `/v1/messages/count_tokens` (free, not
 * metered). The key goes in `x-api-key`; `anthropic-version` defaults to 2023-06-01 and
 * `anthropic-beta` passes through.
 */
export const anthropicProvider: Provider = {
  slug: 'anthropic',
  facts: providerFacts.anthropic,
  defaultBaseUrl: (aiProvider) => aiProvider.baseUrl ?? providerFacts.anthropic.defaultBaseUrl,
  plan(request) {
    const { model, changed } = modelOrDefault(request);
    const lifted = request.body && request.path.startsWith('/v1/messages') ? liftSystemMessages(request.body) : false;
    return {
      url: joinUpstreamUrl(request.base, request.path, request.query),
      model,
      streamed: request.body?.stream === true,
      metered: request.method === 'POST' && !request.path.endsWith('/count_tokens'),
      hideUsageChunk: false,
      bodyChanged: changed || lifted,
      defaultHeaders: { 'anthropic-version': defaultAnthropicVersion },
      auth: headerCredential('x-api-key'),
    };
  },
  connectionProbe: () => ({ method: 'GET', path: '/v1/models', body: null, lists: true }),
  listedModels: listedModelIds,
  errorAnswer: anthropicErrorAnswer,
};
