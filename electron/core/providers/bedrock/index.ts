import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../../../../shared/errors';
import type { AiProvider } from '../../../../shared/operations/ai-providers';
import { AwsRegion, providerFacts } from '../../../../shared/provider-facts';
import { bearer } from '../credential-headers';
import { configuredModelsAnswer, listedModelIds } from '../model-lists';
import type { HeaderUsage, Provider } from '../provider';
import { joinUpstreamUrl } from '../upstream-url';
import { parseBedrockCredentials } from './credentials';
import { signForBedrock } from './sigv4';
import { bedrockErrorAnswer } from '../error-answers';

const modelPath = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;

/** Records saved before the region was required sign for us-east-1. */
function region(aiProvider: AiProvider): string {
  const value = aiProvider.config?.region;
  if (value === undefined) return 'us-east-1';
  const parsed = AwsRegion.safeParse(value);
  if (!parsed.success) throw new AppError('bad_request', `AI provider ${aiProvider.id} (bedrock) has an invalid config.region`);
  return parsed.data;
}

const headerText = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** InvokeModel reports its token counts in response headers, not in the model's own body. */
function usageFromHeaders(headers: IncomingHttpHeaders): HeaderUsage | null {
  const input = headerText(headers['x-amzn-bedrock-input-token-count']);
  if (input === undefined) return null;
  return { inputTokens: Number(input) || 0, outputTokens: Number(headerText(headers['x-amzn-bedrock-output-token-count'])) || 0 };
}

/**
 * Amazon Bedrock runtime: Converse / ConverseStream (usage in the body or the `metadata` event)
 * and InvokeModel (usage in the `x-amzn-bedrock-*-token-count` headers). Requests are signed with
 * AWS SigV4 when the secret holds AWS credentials, or carry a Bedrock API key as a bearer token.
 */
export const bedrockProvider: Provider = {
  slug: 'bedrock',
  facts: providerFacts.bedrock,
  defaultBaseUrl: (aiProvider) => aiProvider.baseUrl ?? `https://bedrock-runtime.${region(aiProvider)}.amazonaws.com`,
  plan(request) {
    const match = modelPath.exec(request.path);
    const operation = match?.[2] ?? '';
    const signingRegion = region(request.aiProvider);
    return {
      url: joinUpstreamUrl(request.base, request.path, request.query),
      model: match ? decodeURIComponent(match[1]!) : null,
      streamed: operation === 'converse-stream' || operation === 'invoke-with-response-stream',
      metered: request.method === 'POST' && match !== null,
      hideUsageChunk: false,
      bodyChanged: false,
      auth: (credential) => (credential && !parseBedrockCredentials(credential) ? bearer(credential) : {}),
      async sign(credential, signable) {
        const credentials = parseBedrockCredentials(credential);
        return credentials ? signForBedrock(credentials, signingRegion, signable) : {};
      },
      usageFromHeaders,
    };
  },
  modelInPath(path) {
    const match = modelPath.exec(path);
    return match ? decodeURIComponent(match[1]!) : null;
  },
  // The runtime endpoint lists no models: list what the record is configured with.
  answerLocally: configuredModelsAnswer,
  connectionProbe: (aiProvider) => ({
    method: 'POST',
    path: `/model/${encodeURIComponent(aiProvider.defaultModel)}/converse`,
    body: { messages: [{ role: 'user', content: [{ text: 'ping' }] }], inferenceConfig: { maxTokens: 1 } },
    lists: false,
  }),
  listedModels: listedModelIds,
  errorAnswer: bedrockErrorAnswer,
};
