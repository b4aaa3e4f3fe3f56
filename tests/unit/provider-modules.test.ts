import { describe, expect, it } from 'vitest';
import type { AiProvider } from '../../shared/operations/ai-providers';
import { providers } from '../../electron/core/providers/index';
import type { PlanRequest } from '../../electron/core/providers/provider';

const record = (fields: Partial<AiProvider>): AiProvider => ({
  id: 'aip_x',
  projectId: 'prj_x',
  secretId: null,
  name: 'Test',
  provider: 'openai',
  defaultModel: 'default-model',
  baseUrl: null,
  config: null,
  authMethod: 'byo',
  poolSecretIds: [],
  createdAt: '',
  updatedAt: '',
  ...fields,
});

function planFor(aiProvider: AiProvider, path: string, body: Record<string, unknown> | null, method = 'POST') {
  const base = new URL(providers[aiProvider.provider].defaultBaseUrl(aiProvider)!);
  const request: PlanRequest = { aiProvider, method, path, query: new URLSearchParams(), body, base };
  return providers[aiProvider.provider].plan(request);
}

describe('azure', () => {
  it('builds the endpoint from config.resource with the shared resource rule, else a 400', () => {
    expect(providers.azure.defaultBaseUrl(record({ provider: 'azure', config: { resource: 'my-res' } }))).toBe(
      'https://my-res.openai.azure.com',
    );
    expect(() => providers.azure.defaultBaseUrl(record({ provider: 'azure', config: { resource: 'has space' } }))).toThrow(
      /needs config.resource or a baseUrl/,
    );
  });
  it('maps an OpenAI path onto the deployment with the configured api-version and the key in api-key', () => {
    const plan = planFor(
      record({ provider: 'azure', config: { resource: 'res', deployment: 'prod', apiVersion: '2025-01-01' } }),
      '/v1/chat/completions',
      { messages: [] },
    );
    expect(plan.url.href).toBe('https://res.openai.azure.com/openai/deployments/prod/chat/completions?api-version=2025-01-01');
    expect(plan.auth('k')).toEqual({ 'api-key': 'k' });
  });
  it('answers GET /v1/models itself with the configured deployment and default model', () => {
    const answer = providers.azure.answerLocally!(record({ provider: 'azure', config: { deployment: 'prod' } }), 'GET', '/v1/models');
    expect(answer).toEqual({
      status: 200,
      body: { object: 'list', data: ['default-model', 'prod'].map((id) => ({ id, object: 'model', owned_by: 'azure' })) },
    });
    expect(providers.azure.answerLocally!(record({ provider: 'azure' }), 'POST', '/v1/models')).toBeNull();
  });
});

describe('bedrock', () => {
  it('signs for the configured region, refuses an invalid one, and defaults old records to us-east-1', () => {
    expect(providers.bedrock.defaultBaseUrl(record({ provider: 'bedrock', config: { region: 'ap-southeast-12' } }))).toBe(
      'https://bedrock-runtime.ap-southeast-12.amazonaws.com',
    );
    expect(providers.bedrock.defaultBaseUrl(record({ provider: 'bedrock' }))).toBe('https://bedrock-runtime.us-east-1.amazonaws.com');
    expect(() => providers.bedrock.defaultBaseUrl(record({ provider: 'bedrock', config: { region: 'Mars' } }))).toThrow(
      /invalid config.region/,
    );
  });
  it('reads InvokeModel usage from the response headers', () => {
    const plan = planFor(record({ provider: 'bedrock', config: { region: 'eu-west-1' } }), '/model/m/invoke', {});
    expect(plan.usageFromHeaders!({ 'x-amzn-bedrock-input-token-count': '12', 'x-amzn-bedrock-output-token-count': '5' })).toEqual({
      inputTokens: 12,
      outputTokens: 5,
    });
    expect(plan.usageFromHeaders!({})).toBeNull();
  });
  it('sends AWS credentials as a signature and a Bedrock API key as a bearer token', async () => {
    const plan = planFor(record({ provider: 'bedrock', config: { region: 'eu-west-1' } }), '/model/m/converse', {});
    const aws = JSON.stringify({ accessKeyId: 'AKID', secretAccessKey: 'secret' });
    expect(plan.auth(aws)).toEqual({});
    expect(plan.auth('bedrock-api-key')).toEqual({ authorization: 'Bearer bedrock-api-key' });
    const signed = await plan.sign!(aws, { method: 'POST', url: plan.url, headers: {}, body: Buffer.from('{}') });
    expect(signed.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/bedrock\/aws4_request/);
  });
  it('probes with a one-token Converse call on the default model', () => {
    expect(providers.bedrock.connectionProbe(record({ provider: 'bedrock', defaultModel: 'a.b:0' }))).toMatchObject({
      method: 'POST',
      path: '/model/a.b%3A0/converse',
      lists: false,
    });
  });
});

describe('OpenAI-compatible and the rest', () => {
  it('asks for usage on streamed chat and hides the chunk it added', () => {
    const plan = planFor(record({ provider: 'xai' }), '/v1/chat/completions', { stream: true, messages: [] });
    expect(plan).toMatchObject({ streamed: true, hideUsageChunk: true, bodyChanged: true, model: 'default-model' });
    expect(plan.auth('k')).toEqual({ authorization: 'Bearer k' });
  });
  it('probes each slug with its cheapest proving call', () => {
    expect(providers.google.connectionProbe(record({ provider: 'google' })).path).toBe('/v1beta/models');
    expect(providers.ollama.connectionProbe(record({ provider: 'ollama' })).path).toBe('/api/tags');
    expect(providers.azure.connectionProbe(record({ provider: 'azure' })).method).toBe('POST');
    for (const slug of ['openai', 'anthropic', 'xai', 'groq', 'gateway', 'custom'] as const)
      expect(providers[slug].connectionProbe(record({ provider: slug })).path).toBe('/v1/models');
  });
  it('only the runtime endpoints without a model list answer it locally', () => {
    for (const slug of ['openai', 'anthropic', 'google', 'xai', 'groq', 'ollama', 'gateway', 'custom'] as const)
      expect(providers[slug].answerLocally).toBeUndefined();
  });
});
