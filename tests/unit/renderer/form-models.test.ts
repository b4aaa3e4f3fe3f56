import { describe, expect, it } from 'vitest';
import { emptyProviderForm, providerFormOf, validateProviderForm } from '../../../renderer/src/features/providers/provider-form-model';
import { presetOf, presetPermissions } from '../../../renderer/src/features/tokens/permission-presets';
import { emptyTokenForm, tokenFormOf, validateTokenEdit, validateTokenForm } from '../../../renderer/src/features/tokens/token-form-model';
import { pipelineSecretName, tokenSnippets, usableSlugs } from '../../../renderer/src/features/tokens/token-snippets';
import type { AiProvider, Token } from '../../../shared/operations';
import { permissions } from '../../../shared/permissions';
import { resolveRange } from '../../../renderer/src/store/usage-range';
import { noTokenLimits } from '../../../shared/operations/tokens';

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
        expiry: '10080',
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
      limits: { ...noTokenLimits, requestsPerMinute: 60, inputTokensPerMinute: null, spendCapUsd: null },
    });
  });

  it('reports bad limits and API tokens without permissions', () => {
    expect(validateTokenForm({ ...emptyTokenForm(), name: 'x', requestsPerMinute: 'lots', spendCapUsd: '-1' }, now).errors).toMatchObject({
      'limits.requestsPerMinute': expect.any(String),
      'limits.spendCapUsd': expect.any(String),
    });
    expect(validateTokenForm({ ...emptyTokenForm(), name: 'x', kind: 'api', preset: 'custom' }, now).errors).toEqual({
      permissions: 'choose at least one permission',
    });
  });

  it('offers expiries from 15 minutes up', () => {
    const result = validateTokenForm({ ...emptyTokenForm(), name: 'short', expiry: '15' }, now);
    expect(result.input?.expiresAt).toBe('2026-03-15T12:15:00.000Z');
  });

  it("grants an API token a preset's permissions, or exactly the boxes ticked under custom", () => {
    const api = { ...emptyTokenForm(), name: 'ro', kind: 'api' as const };
    const readOnly = validateTokenForm(api, now).input!.permissions!;
    expect(readOnly).toContain('aiProviders:ListAiProviders');
    expect(readOnly).toContain('usage:ExportUsage');
    expect(readOnly.some((p) => /:(Create|Update|Delete|Rotate|Revoke|Test)/.test(p))).toBe(false);
    const admin = validateTokenForm({ ...api, preset: 'provider-admin' }, now).input!.permissions!;
    expect(admin).toEqual(expect.arrayContaining(['aiProviders:CreateAiProvider', 'secrets:RotateSecret', 'usage:GetUsageSummary']));
    expect(admin).not.toContain('tokens:CreateToken');
    expect(validateTokenForm({ ...api, preset: 'full' }, now).input!.permissions).toEqual([...permissions]);
    const custom = { ...api, preset: 'custom' as const, permissions: ['tokens:ListTokens' as const] };
    expect(validateTokenForm(custom, now).input!.permissions).toEqual(['tokens:ListTokens']);
    expect(presetOf([...presetPermissions['provider-admin']].reverse())).toBe('provider-admin');
    expect(presetOf(['tokens:ListTokens'])).toBe('custom');
  });

  it('takes free-form labels beside the four named ones, and names a bad one', () => {
    const form = {
      ...emptyTokenForm(),
      name: 'labelled',
      extraLabels: [
        { name: 'team', value: 'payments' },
        { name: '', value: '' },
      ],
    };
    expect(validateTokenForm(form, now).input?.labels).toEqual({ team: 'payments' });
    const bad = {
      ...form,
      extraLabels: [
        { name: 'Cost Centre', value: 'x' },
        { name: '', value: 'orphan' },
      ],
    };
    expect(validateTokenForm(bad, now).errors).toEqual({
      'extraLabels.0.name': 'must be a lower-case word (a-z, 0-9, _ -), at most 40 characters',
      'extraLabels.1.name': 'name the label, or remove it',
    });
    const twice = { ...form, labels: { ...form.labels, pipeline: 'web' }, extraLabels: [{ name: 'pipeline', value: 'api' }] };
    expect(validateTokenForm(twice, now).errors).toEqual({ 'extraLabels.0.name': 'label pipeline is given twice' });
  });

  it("edits an issued token's name, providers, labels, limits and expiry; keeps the expiry unless another is chosen", () => {
    const token: Token = {
      id: 'tok_x',
      projectId: 'prj_x',
      name: 'nightly-ci',
      kind: 'job',
      prefix: 'sb_abc',
      permissions: [],
      allowedProviders: ['aip_qYsZIa7C4FNJTm9oAou3uW'],
      labels: { pipeline: 'nightly', team: 'web' },
      limits: { ...noTokenLimits, requestsPerMinute: 10, inputTokensPerMinute: null, spendCapUsd: 5 },
      expiresAt: '2026-04-01T00:00:00.000Z',
      revokedAt: null,
      lastUsedAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const form = tokenFormOf(token);
    expect(form).toMatchObject({
      expiry: 'keep',
      requestsPerMinute: '10',
      spendCapUsd: '5',
      extraLabels: [{ name: 'team', value: 'web' }],
    });
    expect(validateTokenEdit(token, form, now).errors).toBeNull();
    expect(validateTokenEdit(token, form, now).edit).toEqual({
      name: 'nightly-ci',
      allowedProviders: ['aip_qYsZIa7C4FNJTm9oAou3uW'],
      labels: { pipeline: 'nightly', team: 'web' },
      limits: { ...noTokenLimits, requestsPerMinute: 10, inputTokensPerMinute: null, spendCapUsd: 5 },
    });
    const changed = { ...form, expiry: '60' as const, allowedProviders: [], spendCapUsd: '' };
    expect(validateTokenEdit(token, changed, now).edit).toMatchObject({
      allowedProviders: [],
      limits: { spendCapUsd: null },
      expiresAt: '2026-03-15T13:00:00.000Z',
    });
    expect(validateTokenEdit(token, { ...form, name: '' }, now).errors).toEqual({ name: 'must not be empty' });
    const waiting = { ...form, maxConcurrent: '2', queueWaitSeconds: '30' };
    expect(validateTokenEdit(token, waiting, now).edit?.limits).toMatchObject({ maxConcurrent: 2, queueWaitSeconds: 30, maxQueued: 100 });
    expect(tokenFormOf({ ...token, limits: { ...token.limits, maxConcurrent: 2, queueWaitSeconds: 30 } })).toMatchObject({
      maxConcurrent: '2',
      queueWaitSeconds: '30',
      maxQueued: '100',
    });
    expect(validateTokenEdit(token, { ...waiting, maxConcurrent: '0', queueWaitSeconds: '301' }, now).errors).toEqual({
      'limits.maxConcurrent': expect.any(String),
      'limits.queueWaitSeconds': expect.any(String),
    });
  });
});

describe('token snippets', () => {
  const snippets = tokenSnippets('http://127.0.0.1:8787/v3', 'sb_token', ['anthropic', 'openai']);
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
    expect(text.pipeline).toMatch(/^# .*\nsteps:\n {2}- label:/);
  });
  it('read the token from a CI secret in the pipeline YAML, never embedding it', () => {
    const pipeline = snippets.find((s) => s.id === 'pipeline')!.text;
    expect(pipeline).not.toContain('sb_token');
    expect(pipeline).toContain(`secrets:\n      - ${pipelineSecretName}`);
    expect(pipeline).toContain(`export BUILDKITE_AGENT_ACCESS_TOKEN="$$${pipelineSecretName}"`);
  });
  it('only for the providers the token can call', () => {
    const provider = (id: string, slug: AiProvider['provider']) => ({ id, provider: slug }) as AiProvider;
    const providers = [provider('aip_qYsZIa7C4FNJTm9oAou3uW', 'anthropic'), provider('aip_o', 'openai'), provider('aip_g', 'google')];
    expect(usableSlugs({ allowedProviders: [] }, providers)).toEqual(['anthropic', 'openai', 'google']);
    expect(usableSlugs({ allowedProviders: ['aip_o'] }, providers)).toEqual(['openai']);
    const openaiOnly = tokenSnippets('http://e/v3', 'sb_t', ['openai']).map((s) => s.id);
    expect(openaiOnly).toEqual(['pipeline', 'curl', 'openai-sdk']);
    const curl = tokenSnippets('http://e/v3', 'sb_t', ['openai']).find((s) => s.id === 'curl')!.text;
    expect(curl).toContain('$BUILDKITE_AGENT_ENDPOINT/ai/openai/v1/chat/completions');
    expect(tokenSnippets('http://e/v3', 'sb_t', ['google']).map((s) => s.id)).toEqual(['base-url-google']);
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
