import { AppError } from '../../../../shared/errors';
import type { AiProvider } from '../../../../shared/operations/ai-providers';
import { headerCredential } from './header-credential';
import { joinUpstreamUrl, type ProviderAdapter } from './adapter';
import { planOpenAiRequest } from './openai-compatible';

export const defaultAzureApiVersion = '2024-10-21';

function config(provider: AiProvider): Record<string, unknown> {
  return provider.config ?? {};
}

/**
 * Azure OpenAI: OpenAI paths (`/v1/chat/completions`) become deployment URLs
 * (`/openai/deployments/<deployment>/chat/completions?api-version=…`); paths already under
 * `/openai/` pass as written. The key goes in `api-key`. The deployment is `config.deployment`,
 * else the request's model, else the provider's default model.
 */
export const azureAdapter: ProviderAdapter = {
  defaultBaseUrl(provider) {
    if (provider.baseUrl) return provider.baseUrl;
    const resource = config(provider).resource;
    if (typeof resource !== 'string' || !/^[a-z0-9][a-z0-9-]{1,62}$/i.test(resource)) {
      throw new AppError('bad_request', `AI provider ${provider.id} (azure) needs config.resource or a baseUrl`);
    }
    return `https://${resource}.openai.azure.com`;
  },
  plan(request) {
    const settings = config(request.provider);
    const query = new URLSearchParams(request.query);
    let path = request.path;
    if (!path.startsWith('/openai/')) {
      const rest = path.replace(/^\/v1(?=\/)/, '');
      const named = typeof request.body?.model === 'string' ? request.body.model : null;
      const deployment = typeof settings.deployment === 'string' ? settings.deployment : (named ?? request.provider.defaultModel);
      path = `/openai/deployments/${encodeURIComponent(deployment)}${rest}`;
    }
    if (!query.has('api-version') && !path.startsWith('/openai/v1/')) {
      query.set('api-version', typeof settings.apiVersion === 'string' ? settings.apiVersion : defaultAzureApiVersion);
    }
    const url = joinUpstreamUrl(request.base, path, query);
    return {
      ...planOpenAiRequest({ ...request, path }, url),
      auth: headerCredential('api-key'),
    };
  },
};
