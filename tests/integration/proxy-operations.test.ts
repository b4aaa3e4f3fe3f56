import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderTestResult, SystemStatus } from '../../shared/operations';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

let h: ProxyHarness;
let cookie: string;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [
      { slug: 'openai', name: 'good', defaultModel: 'fake-model-1' },
      { slug: 'xai', name: 'unknown model', defaultModel: 'grok-99' },
      { slug: 'groq', name: 'revoked key', secret: 'sk-revoked-key-0000000000' },
      { slug: 'custom', name: 'down', baseUrl: 'http://127.0.0.1:9/v1' },
      { slug: 'ollama', name: 'wrong path', baseUrl: (fake) => `${fake}/nope`, defaultModel: 'llama3.2' },
      {
        slug: 'anthropic',
        name: 'hosted',
        authMethod: 'hosted',
        baseUrl: (fake) => `${fake}/v3`,
        secret: 'platform-token-canary-1234567890',
      },
    ],
    tokens: [{ labels: { pipeline: 'deploy' } }],
  });
  const login = await fetch(h.server.loginUrl, { redirect: 'manual' });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => h.stop());

async function testProvider(name: string): Promise<ProviderTestResult> {
  const provider = h.providers.find((p) => p.name === name)!;
  const response = await fetch(`${h.server.apiBaseUrl}/ai-providers/${provider.id}/test`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(200);
  return (await response.json()) as ProviderTestResult;
}

describe('testAiProvider (POST /ai-providers/:id/test)', () => {
  it('reports reachable, authenticated, model known and latency', async () => {
    const sent = performance.now();
    const result = await testProvider('good');
    expect(result).toMatchObject({ ok: true, reachable: true, authenticated: true, modelKnown: true, status: 200 });
    // The upstream round trip, in whole milliseconds, within the time the whole operation took.
    expect(Number.isInteger(result.latencyMs)).toBe(true);
    expect(result.latencyMs).toBeLessThanOrEqual(Math.ceil(performance.now() - sent));
    expect(result.message).toBe(`good answered in ${result.latencyMs} ms`);
    expect(h.fake.received.at(-1)!.path).toBe('/v1/models');
  });

  it('flags a default model the upstream does not list, a rejected key and an unreachable host', async () => {
    expect(await testProvider('unknown model')).toMatchObject({ ok: false, reachable: true, authenticated: true, modelKnown: false });
    expect(await testProvider('revoked key')).toMatchObject({ ok: false, reachable: true, authenticated: false, status: 401 });
    expect(await testProvider('down')).toMatchObject({ ok: false, reachable: false, authenticated: null, status: null });
  });

  it("says a failure's reason in words: what the upstream answered, on which path, and what that likely means", async () => {
    expect((await testProvider('wrong path')).message).toBe(
      'the upstream answered 404 on /nope/api/tags: this base URL may not be an Ollama endpoint',
    );
    expect((await testProvider('revoked key')).message).toBe(
      'the upstream answered 401 on /v1/models: the key was not accepted; check the secret linked to revoked key',
    );
    expect((await testProvider('unknown model')).message).toMatch(/does not list the default model grok-99/);
  });
});

it('authMethod hosted sends the request to the hosted endpoint with the platform token', async () => {
  const response = await fetch(`${h.endpoint}/ai/anthropic/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[0]!.value },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(response.status).toBe(200);
  const got = h.fake.received.at(-1)!;
  expect(got.path).toBe('/v3/ai/anthropic/v1/messages');
  expect(got.headers.authorization).toBe('Bearer platform-token-canary-1234567890');
  expect(await h.rowOf(response)).toMatchObject({ authMethod: 'hosted', inputTokens: 11, outputTokens: 6 });
  expect(JSON.stringify(await response.clone().text())).not.toContain('platform-token-canary');
});

it('system status reports the proxy state, requests per minute and in-flight count', async () => {
  const response = await fetch(`${h.server.apiBaseUrl}/system/status`, { headers: { cookie } });
  const status = (await response.json()) as SystemStatus;
  expect(status.proxy).toMatchObject({ state: 'running', inFlight: 0 });
  expect(status.proxy.requestsPerMinute).toBeGreaterThanOrEqual(1);
});

it('daily rollups match the usage rows, with the pipeline label as a dimension', async () => {
  const rows = await h.rows();
  const peek = await h.peek();
  const daily = (await peek.get<Record<string, number | string>>(
    'SELECT SUM(requests) AS requests, SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cost_micro_usd) AS cost FROM usage_daily',
  ))!;
  // PostgreSQL sums BIGINT columns to NUMERIC, which arrives as text.
  expect(Number(daily.requests)).toBe(rows.length);
  expect(Number(daily.input)).toBe(rows.reduce((t, r) => t + r.inputTokens, 0));
  expect(Number(daily.output)).toBe(rows.reduce((t, r) => t + r.outputTokens, 0));
  expect(Number(daily.cost)).toBe(rows.reduce((t, r) => t + (r.costMicroUsd ?? 0), 0));
  const pipelines = await peek.all<{ pipeline: string }>('SELECT DISTINCT pipeline FROM usage_daily');
  expect(pipelines.map((row) => row.pipeline)).toEqual(['deploy']);
});

it('a rotated secret is used at once: the proxy drops its cached value on secret.changed', async () => {
  const provider = h.providers.find((p) => p.name === 'good')!;
  const call = () =>
    fetch(`${h.endpoint}/ai/${provider.id}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens[0]!.value}` },
      body: JSON.stringify({ model: 'gpt-4o', messages: [] }),
    });
  expect((await call()).status).toBe(200);
  const before = h.fake.received.at(-1)!.headers.authorization;
  await h.core.invoke('rotateSecret', { secretId: provider.secretId, value: 'sk-rotated-key-1234567890' }, adminSessionActor);
  expect((await call()).status).toBe(200);
  expect(before).not.toBe('Bearer sk-rotated-key-1234567890');
  expect(h.fake.received.at(-1)!.headers.authorization).toBe('Bearer sk-rotated-key-1234567890');
});
