import { describe, expect, it } from 'vitest';
import { emptyProviderForm, providerFormOf, validateProviderForm } from '../../../renderer/src/features/providers/provider-form-model';
import { emptyTokenForm, validateTokenForm } from '../../../renderer/src/features/tokens/token-form-model';
import { tokenSnippets } from '../../../renderer/src/features/tokens/token-snippets';
import { resolveRange } from '../../../renderer/src/store/usage-range';

const filled = { ...emptyProviderForm(), name: 'Anthropic prod', defaultModel: 'claude-sonnet-4-5', newKeyValue: 'sk-ant-123' };

describe('the provider form', () => {
  it('names every missing field', () => {
    const { errors } = validateProviderForm(emptyProviderForm());
    expect(errors).toMatchObject({ name: 'must not be empty', defaultModel: 'must not be empty', newKeyValue: 'must not be empty' });
  });

  it('turns a bring-your-own-key form into the contract input plus a new secret', () => {
    const { draft } = validateProviderForm(filled);
    expect(draft).toEqual({
      input: {
        name: 'Anthropic prod',
        provider: 'anthropic',
        defaultModel: 'claude-sonnet-4-5',
        baseUrl: null,
        config: null,
        authMethod: 'byo',
        secretId: null,
      },
      newKey: { name: 'Anthropic prod key', value: 'sk-ant-123' },
    });
  });

  it('asks hosted providers for the hosted endpoint and custom ones for a base URL', () => {
    expect(validateProviderForm({ ...filled, authMethod: 'hosted' }).errors).toEqual({ baseUrl: 'required: the hosted model endpoint' });
    expect(validateProviderForm({ ...filled, provider: 'custom' }).errors).toEqual({ baseUrl: 'required for custom providers' });
    expect(validateProviderForm({ ...filled, baseUrl: 'ftp://example.com' }).errors).toHaveProperty('baseUrl');
  });

  it('merges the slug fields and the JSON editor into config, and rejects bad JSON', () => {
    const azure = {
      ...filled,
      provider: 'azure' as const,
      configFields: { resource: 'res', deployment: 'dep', apiVersion: '2024-10-21' },
      configJson: '{"extra": 1}',
    };
    expect(validateProviderForm(azure).draft?.input.config).toEqual({
      extra: 1,
      resource: 'res',
      deployment: 'dep',
      apiVersion: '2024-10-21',
    });
    expect(validateProviderForm({ ...filled, configJson: '{nope' }).errors?.configJson).toMatch(/^is not valid JSON/);
    expect(validateProviderForm({ ...filled, configJson: '[1]' }).errors?.configJson).toBe('must be a JSON object, e.g. {"key": "value"}');
  });

  it('checks the slug fields with the shared rules, and a new Bedrock key is AWS credentials JSON', () => {
    const bedrock = { ...filled, provider: 'bedrock' as const, configFields: { region: 'mars-1' }, newKeyValue: 'AKIA:secret' };
    expect(validateProviderForm(bedrock).errors).toEqual({
      'configFields.region': 'must be an AWS region such as "us-east-1"',
      newKeyValue: 'must be AWS credentials as JSON: {"accessKeyId","secretAccessKey","sessionToken"?}',
    });
    const aws = JSON.stringify({ accessKeyId: 'AKIA', secretAccessKey: 's' });
    expect(validateProviderForm({ ...bedrock, configFields: { region: 'eu-west-1' }, newKeyValue: aws }).errors).toBeNull();
    const hosted = {
      ...bedrock,
      configFields: { region: 'eu-west-1' },
      authMethod: 'hosted' as const,
      baseUrl: 'https://agents.example.com',
      newKeyValue: 'platform-token',
    };
    expect(validateProviderForm(hosted).errors).toBeNull();
  });

  it('requires a chosen secret when linking an existing one; Ollama needs no key', () => {
    expect(validateProviderForm({ ...filled, keySource: 'existing' }).errors).toEqual({ secretId: 'choose a secret, or enter a new key' });
    expect(validateProviderForm({ ...filled, provider: 'ollama', newKeyValue: '' }).draft?.newKey).toBeUndefined();
  });

  it('round-trips a stored provider into the form', () => {
    const form = providerFormOf({
      id: 'aip_x',
      projectId: 'prj_x',
      secretId: 'sec_x',
      name: 'Bedrock',
      provider: 'bedrock',
      defaultModel: 'm',
      baseUrl: null,
      config: { region: 'eu-west-1', profile: 'ci' },
      authMethod: 'byo',
      poolSecretIds: [],
      createdAt: '',
      updatedAt: '',
    });
    expect(form).toMatchObject({ keySource: 'existing', secretId: 'sec_x', configFields: { region: 'eu-west-1' } });
    expect(JSON.parse(form.configJson)).toEqual({ profile: 'ci' });
  });
});

describe('the token form', () => {
  const now = new Date('2026-03-15T12:00:00Z');
  it('builds a job token with labels, limits and an expiry', () => {
    const result = validateTokenForm(
      {
        ...emptyTokenForm(),
        name: 'deploy',
        labels: { pipeline: 'deploy', build: '', job: '', branch: 'main' },
        requestsPerMinute: '60',
        expiry: '7',
      },
      now,
    );
    expect(result.input).toEqual({
      name: 'deploy',
      kind: 'job',
      labels: { pipeline: 'deploy', branch: 'main' },
      allowedProviders: [],
      permissions: [],
      expiresAt: '2026-03-22T12:00:00.000Z',
      limits: { requestsPerMinute: 60, inputTokensPerMinute: null, spendCapUsd: null },
    });
  });

  it('reports bad limits and API tokens without permissions', () => {
    expect(validateTokenForm({ ...emptyTokenForm(), name: 'x', requestsPerMinute: 'lots', spendCapUsd: '-1' }, now).errors).toMatchObject({
      'limits.requestsPerMinute': expect.any(String),
      'limits.spendCapUsd': expect.any(String),
    });
    expect(validateTokenForm({ ...emptyTokenForm(), name: 'x', kind: 'api' }, now).errors).toEqual({
      permissions: 'choose at least one permission',
    });
  });
});

describe('token snippets', () => {
  const snippets = tokenSnippets('http://127.0.0.1:8787/v3', 'sb_token');
  it('include the published curl example unmodified', () => {
    const curl = snippets.find((s) => s.id === 'curl')!.text;
    expect(curl).toContain(
      'curl -X POST "$BUILDKITE_AGENT_ENDPOINT/ai/anthropic/v1/messages" \\\n  -H "x-api-key: $BUILDKITE_AGENT_ACCESS_TOKEN"',
    );
    expect(curl).toContain('export BUILDKITE_AGENT_ENDPOINT="http://127.0.0.1:8787/v3"');
  });
  it('point Claude Code and the SDKs at the agent endpoint', () => {
    const text = Object.fromEntries(snippets.map((s) => [s.id, s.text]));
    expect(text['claude-code']).toContain('ANTHROPIC_BASE_URL="http://127.0.0.1:8787/v3/ai/anthropic"');
    expect(text['claude-code']).toContain('ANTHROPIC_API_KEY="sb_token"');
    expect(text['anthropic-sdk']).toContain("baseURL: 'http://127.0.0.1:8787/v3/ai/anthropic'");
    expect(text['openai-sdk']).toContain("baseURL: 'http://127.0.0.1:8787/v3/ai/openai/v1'");
    expect(text.pipeline).toMatch(/^steps:\n {2}- label:/);
  });
});

describe('usage date ranges', () => {
  const now = new Date('2026-03-15T23:30:00Z');
  it('resolves presets to inclusive UTC days ending today', () => {
    expect(resolveRange({ preset: 'today', from: '', to: '' }, now)).toEqual({ from: '2026-03-15', to: '2026-03-15' });
    expect(resolveRange({ preset: '30d', from: '', to: '' }, now)).toEqual({ from: '2026-02-14', to: '2026-03-15' });
    expect(resolveRange({ preset: '365d', from: '', to: '' }, now)).toEqual({ from: '2025-03-16', to: '2026-03-15' });
  });
  it('keeps a custom range in order', () => {
    expect(resolveRange({ preset: 'custom', from: '2026-03-10', to: '2026-03-01' }, now)).toEqual({ from: '2026-03-01', to: '2026-03-10' });
  });
});
