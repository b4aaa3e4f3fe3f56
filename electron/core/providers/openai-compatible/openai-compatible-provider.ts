import { openAiErrorAnswer } from '../error-answers';
import { providerFacts } from '../../../../shared/provider-facts';
import type { ProviderSlug } from '../../../../shared/slugs';
import { bearer } from '../credential-headers';
import { listedModelIds } from '../model-lists';
import type { Provider } from '../provider';
import { planOpenAiRequest } from './openai-plan';

/**
 * A provider that speaks OpenAI's API with a bearer key: everything comes from its facts row
 * (default endpoint or none), the key goes in `Authorization`, and `GET /v1/models` proves it works.
 */
export function openAiCompatibleProvider(slug: ProviderSlug): Provider {
  const facts = providerFacts[slug];
  return {
    slug,
    facts,
    defaultBaseUrl: (aiProvider) => aiProvider.baseUrl ?? facts.defaultBaseUrl,
    plan: (request) => ({ ...planOpenAiRequest(request), auth: bearer }),
    connectionProbe: () => ({ method: 'GET', path: '/v1/models', body: null, lists: true }),
    errorAnswer: openAiErrorAnswer,
    listedModels: listedModelIds,
  };
}
