import { AppError } from '../../../../shared/errors';
import { AzureResource, providerFacts } from '../../../../shared/provider-facts';
import { headerCredential } from '../credential-headers';
import { configuredModelsAnswer, listedModelIds } from '../model-lists';
import { planOpenAiRequest } from '../openai-compatible/openai-plan';
import type { Provider } from '../provider';
import { joinUpstreamUrl } from '../upstream-url';
import { openAiErrorAnswer } from '../error-answers';

export const defaultAzureApiVersion = '2024-10-21';

const deploymentPath = /^\/openai\/deployments\/([^/]+)\//;

const configText = (config: Record<string, unknown> | null, key: string) =>
  typeof config?.[key] === 'string' ? (config[key] as string) : null;

/**
 * Azure OpenAI: OpenAI paths (`/v1/chat/completions`) become deployment URLs
 * (`/openai/deployments/<deployment>/chat/completions?api-version=…`); paths already under
 * `/openai/` pass as written. The key goes in `api-key`. The deployment is `config.deployment`,
 * else the request's model, else the record's default model.
 */
export const azureProvider: Provider = {
  slug: 'azure',
  facts: providerFacts.azure,
  defaultBaseUrl(aiProvider) {
    if (aiProvider.baseUrl) return aiProvider.baseUrl;
    const resource = AzureResource.safeParse(aiProvider.config?.resource);
    if (!resource.success) throw new AppError('bad_request', `AI provider ${aiProvider.id} (azure) needs config.resource or a baseUrl`);
    return `https://${resource.data}.openai.azure.com`;
  },
  plan(request) {
    const config = request.aiProvider.config;
    const query = new URLSearchParams(request.query);
    let path = request.path;
    if (!path.startsWith('/openai/')) {
      const rest = path.replace(/^\/v1(?=\/)/, '');
      const named = typeof request.body?.model === 'string' ? request.body.model : null;
      const deployment = configText(config, 'deployment') ?? named ?? request.aiProvider.defaultModel;
      path = `/openai/deployments/${encodeURIComponent(deployment)}${rest}`;
    }
    if (!query.has('api-version') && !path.startsWith('/openai/v1/'))
      query.set('api-version', configText(config, 'apiVersion') ?? defaultAzureApiVersion);
    const url = joinUpstreamUrl(request.base, path, query);
    return { ...planOpenAiRequest({ ...request, path }, url), auth: headerCredential('api-key') };
  },
  modelInPath(path) {
    const match = deploymentPath.exec(path);
    return match ? decodeURIComponent(match[1]!) : null;
  },
  // The runtime endpoint lists no deployments: list what the record is configured with.
  answerLocally: configuredModelsAnswer,
  connectionProbe: () => ({
    method: 'POST',
    path: '/v1/chat/completions',
    body: { messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 },
    lists: false,
  }),
  listedModels: listedModelIds,
  errorAnswer: openAiErrorAnswer,
};
