import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { AppError } from '../../../../shared/errors';
import type { AiProvider } from '../../../../shared/operations/ai-providers';
import { parseBedrockCredentials } from '../../secrets/bedrock-credentials';
import { bearer, joinUpstreamUrl, type ProviderAdapter, type SignableRequest } from './adapter';

const modelPath = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;

function region(provider: AiProvider): string {
  const value = provider.config?.region;
  if (value === undefined) return 'us-east-1';
  if (typeof value !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(value)) {
    throw new AppError('bad_request', `AI provider ${provider.id} (bedrock) has an invalid config.region`);
  }
  return value;
}

/**
 * Amazon Bedrock runtime: Converse / ConverseStream (usage in the body or the `metadata` event)
 * and InvokeModel (usage in the `x-amzn-bedrock-*-token-count` headers). Requests are signed with
 * AWS SigV4 (service `bedrock`) by @smithy/signature-v4, or carry a Bedrock API key as a bearer token.
 */
export const bedrockAdapter: ProviderAdapter = {
  defaultBaseUrl: (provider) => provider.baseUrl ?? `https://bedrock-runtime.${region(provider)}.amazonaws.com`,
  plan(request) {
    const match = modelPath.exec(request.path);
    const operation = match?.[2] ?? '';
    const signingRegion = region(request.provider);
    return {
      url: joinUpstreamUrl(request.base, request.path, request.query),
      model: match ? decodeURIComponent(match[1]!) : null,
      streamed: operation === 'converse-stream' || operation === 'invoke-with-response-stream',
      metered: request.method === 'POST' && match !== null,
      hideUsageChunk: false,
      bodyChanged: false,
      usageFromHeaders(header, usage) {
        const input = header('x-amzn-bedrock-input-token-count');
        if (input === undefined) return;
        usage.inputTokens = Number(input) || 0;
        usage.outputTokens = Number(header('x-amzn-bedrock-output-token-count')) || 0;
        usage.reported = true;
      },
      auth: (credential) => (credential && !parseBedrockCredentials(credential) ? bearer(credential) : {}),
      async sign(credential: string, signable: SignableRequest) {
        const credentials = parseBedrockCredentials(credential);
        if (!credentials) return {};
        const signer = new SignatureV4({ credentials, region: signingRegion, service: 'bedrock', sha256: Hash.bind(null, 'sha256') });
        const query: Record<string, string> = {};
        signable.url.searchParams.forEach((value, key) => (query[key] = value));
        const signed = await signer.sign({
          method: signable.method,
          protocol: signable.url.protocol,
          hostname: signable.url.hostname,
          port: signable.url.port ? Number(signable.url.port) : undefined,
          path: signable.url.pathname,
          query,
          headers: { ...signable.headers, host: signable.url.host },
          body: signable.body ?? undefined,
        });
        const out: Record<string, string> = {};
        for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']) {
          const value = signed.headers[name];
          if (value) out[name] = value;
        }
        return out;
      },
    };
  },
};
