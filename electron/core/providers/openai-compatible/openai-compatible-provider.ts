import { openAiErrorAnswer } from '../error-answers';
import { providerFacts } from '../../../../shared/provider-facts';
import type { ProviderSlug } from '../../../../shared/slugs';
import { bearer } from '../credential-headers';
import { listedModelIds } from '../model-lists';
import type { Provider } from '../provider';
import { planOpenAiRequest } from './openai-plan';

/** The Responses API's WebSocket mode, where the upstream offers it (OpenAI's and xAI's APIs). */
const responsesWebSocket = /^\/v1\/responses$/;

/**
 * A provider that speaks OpenAI's API with a bearer key: everything comes from its facts row
 * (default endpoint or none), the key goes in `Authorization`, and `GET /v1/models` proves it works.
 * `webSocket`: the upstream also serves the Responses API over WebSocket.
 */
export function openAiCompatibleProvider(slug: ProviderSlug, options: { webSocket?: boolean } = {}): Provider {
  const facts = providerFacts[slug];
  return {
    slug,
    facts,
    ...(options.webSocket ? { webSocketPaths: responsesWebSocket } : {}),
    defaultBaseUrl: (aiProvider) => aiProvider.baseUrl ?? facts.defaultBaseUrl,
    plan: (request) => ({ ...planOpenAiRequest(request), auth: bearer }),
    connectionProbe: () => ({ method: 'GET', path: '/v1/models', body: null, lists: true }),
    errorAnswer: openAiErrorAnswer,
    listedModels: listedModelIds,
  };
}
