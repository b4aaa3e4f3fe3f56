import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { parsePrometheusText, sumOf } from '../support/prometheus-text';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/** `GET /metrics`: the Prometheus text format, protected like the API, its counters equal to the usage rows. */
let h: ProxyHarness;
let cookie: string;

beforeAll(async () => {
  h = await startProxyHarness({ providers: [{ slug: 'anthropic' }, { slug: 'openai' }] });
  cookie = (await fetch(h.server.loginUrl, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => h.stop());

async function ask(provider: 'anthropic' | 'openai', headers: Record<string, string> = {}, stream = false) {
  const anthropic = provider === 'anthropic';
  const response = await fetch(`${h.endpoint}/ai/${provider}${anthropic ? '/v1/messages' : '/v1/chat/completions'}`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      model: anthropic ? 'claude-haiku-4-5' : 'gpt-4.1-mini',
      max_tokens: 16,
      stream,
      messages: [{ role: 'user', content: 'hi' }],
    }),
  });
  await response.text();
  return response;
}

const scrape = (headers: Record<string, string> = { cookie }) => fetch(`${h.server.baseUrl}/metrics`, { headers });

it('counts every request, token, dollar and error exactly as the usage rows do, in text a strict parser accepts', async () => {
  await ask('anthropic', { 'x-fake-input': '1200', 'x-fake-cache-read': '300' });
  await ask('anthropic', { 'x-fake-chunks': '4' }, true);
  await ask('openai');
  await ask('openai', {}, true);
  await ask('anthropic', { 'x-fake-status': '500' });
  await ask('openai', { 'x-fake-status': '429' });
  const last = await ask('openai');
  await h.rowOf(last);
  const rows = await h.rows();
  expect(rows).toHaveLength(7);

  const response = await scrape();
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const metrics = parsePrometheusText(await response.text());

  expect(metrics.get('switchboard_requests_total')!.type).toBe('counter');
  expect(sumOf(metrics, 'switchboard_requests_total')).toBe(rows.length);
  for (const provider of ['anthropic', 'openai']) {
    expect(sumOf(metrics, 'switchboard_requests_total', { provider })).toBe(rows.filter((r) => r.provider === provider).length);
  }
  expect(sumOf(metrics, 'switchboard_requests_total', { status_class: '5xx' })).toBe(rows.filter((r) => r.status >= 500).length);
  const failed = rows.filter((r) => r.status >= 400 || r.outcome !== 'ok');
  expect(sumOf(metrics, 'switchboard_request_errors_total')).toBe(failed.length);
  expect(sumOf(metrics, 'switchboard_request_errors_total', { code: 'upstream_error' })).toBe(2);
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((t, r) => t + pick(r), 0);
  expect(sumOf(metrics, 'switchboard_tokens_total', { type: 'input' })).toBe(sum((r) => r.inputTokens));
  expect(sumOf(metrics, 'switchboard_tokens_total', { type: 'output' })).toBe(sum((r) => r.outputTokens));
  expect(sumOf(metrics, 'switchboard_tokens_total', { type: 'cache_read', model: 'claude-haiku-4-5' })).toBe(300);
  expect(sumOf(metrics, 'switchboard_cost_usd_total')).toBeCloseTo(sum((r) => r.costMicroUsd ?? 0) / 1_000_000, 9);
  expect(sumOf(metrics, 'switchboard_request_duration_seconds', {}, 'switchboard_request_duration_seconds_count')).toBe(rows.length);
  expect(sumOf(metrics, 'switchboard_request_duration_seconds', {}, 'switchboard_request_duration_seconds_sum')).toBeCloseTo(
    sum((r) => r.latencyMs) / 1000,
    6,
  );
  expect(sumOf(metrics, 'switchboard_time_to_first_byte_seconds', {}, 'switchboard_time_to_first_byte_seconds_count')).toBe(
    rows.filter((r) => r.ttfbMs !== null).length,
  );
  expect(sumOf(metrics, 'switchboard_requests_in_flight')).toBe(0);
  // Never a token, a label or a request id as a metric label.
  const labelNames = new Set([...metrics.values()].flatMap((f) => f.samples.flatMap((s) => Object.keys(s.labels))));
  expect([...labelNames].sort()).toEqual(['code', 'le', 'model', 'outcome', 'provider', 'status_class', 'type']); // `state` only with OpenTelemetry on
});

it('is protected like the API: 401 without credentials, 403 for a token without system:GetSystemStatus, 200 with it', async () => {
  expect((await scrape({})).status).toBe(401);
  const token = async (permissions: string[]) =>
    (
      (await h.core.invoke('createToken', { name: `scraper ${permissions.length}`, kind: 'api', permissions }, adminSessionActor)) as {
        value: string;
      }
    ).value;
  expect((await scrape({ authorization: `Bearer ${await token(['usage:GetUsageSummary'])}` })).status).toBe(403);
  const allowed = await scrape({ authorization: `Bearer ${await token(['system:GetSystemStatus', 'usage:GetUsageSummary'])}` });
  expect(allowed.status).toBe(200);
  expect(parsePrometheusText(await allowed.text()).has('switchboard_requests_total')).toBe(true);
});

it('the parser is strict: it refuses what Prometheus would refuse', () => {
  expect(() => parsePrometheusText('x_total 1\n')).toThrow(/no TYPE/);
  expect(() => parsePrometheusText('# TYPE x counter\nx{a="1} 1\n')).toThrow();
  expect(() => parsePrometheusText('# TYPE x counter\nx 1')).toThrow(/newline/);
  expect(() => parsePrometheusText('# TYPE h histogram\nh_bucket{le="1"} 3\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n')).toThrow(
    /cumulative/,
  );
});
