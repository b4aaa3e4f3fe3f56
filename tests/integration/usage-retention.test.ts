import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { UsageRecord, UsageRetention } from '../../shared/operations';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/** Raw usage rows past their retention are pruned in small batches while the proxy serves; rollups stay whole. */
let h: ProxyHarness;
let cookie: string;
const day = 86_400_000;

beforeAll(async () => {
  h = await startProxyHarness({ providers: [{ slug: 'openai' }], retention: { batchRows: 500, firstRunMs: 3_600_000 } });
  cookie = (await fetch(h.server.loginUrl, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => h.stop());

function row(i: number, at: number): UsageRecord {
  return {
    id: `use_old${String(i).padStart(19, '0')}`,
    at: new Date(at).toISOString(),
    requestId: `old-${i}`,
    projectId: h.tokens[0]!.token.projectId,
    aiProviderId: h.providers[0]!.id,
    provider: 'openai',
    authMethod: 'byo',
    tokenId: h.tokens[0]!.token.id,
    model: 'gpt-4.1-mini',
    endpoint: '/v1/chat/completions',
    streamed: false,
    status: i % 10 === 0 ? 500 : 200,
    outcome: i % 10 === 0 ? 'upstream_error' : 'ok',
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costMicroUsd: 12,
    usageUnknown: false,
    latencyMs: 40,
    ttfbMs: 20,
    labels: { pipeline: 'nightly' },
    routeId: null,
    attempts: 1,
    attemptLog: null,
    route: 'openai',
    overheadMs: 1,
    errorMessage: null,
    gatewayId: null,
  };
}

const rollups = async (table: 'usage_daily' | 'usage_hourly', before: string) =>
  (await h.peek()).all(
    `SELECT * FROM ${table} WHERE ${table === 'usage_daily' ? 'day' : 'hour'} < ? ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
    before,
  );

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${h.server.apiBaseUrl}${path}`, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const ask = () =>
  fetch(`${h.endpoint}/ai/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }),
  }).then(async (r) => ({ status: r.status, text: await r.text() }));

it('prunes rows older than the limit in batches while requests are served; newer rows and every rollup are untouched', async () => {
  const now = Date.now();
  const old = Array.from({ length: 2_600 }, (_, i) => row(i, now - 120 * day + i * 1000));
  const kept = Array.from({ length: 40 }, (_, i) => row(10_000 + i, now - 89 * day + i * 1000));
  await h.core.store.usageRows.append([...old, ...kept]);
  const today = new Date(now).toISOString().slice(0, 10);
  const dailyBefore = await rollups('usage_daily', today);
  const hourlyBefore = await rollups('usage_hourly', today);
  expect(dailyBefore.length).toBeGreaterThan(0);

  const batches = vi.spyOn(h.core.store.usageRetention, 'pruneBatch');
  const [pruned, answers] = await Promise.all([h.core.retention.prune(), Promise.all(Array.from({ length: 20 }, ask))]);

  expect(pruned).toBe(2_600);
  expect(batches.mock.calls.length).toBeGreaterThanOrEqual(6); // 500 at a time
  expect(answers.every((a) => a.status === 200)).toBe(true);
  const rows = await h.rows();
  expect(rows.filter((r) => r.requestId.startsWith('old-') && Date.parse(r.at) < now - 90 * day)).toEqual([]);
  expect(rows.filter((r) => r.requestId.startsWith('old-')).map((r) => r.requestId)).toEqual(kept.map((r) => r.requestId));
  expect(rows.filter((r) => !r.requestId.startsWith('old-'))).toHaveLength(20);
  expect(await rollups('usage_daily', today)).toEqual(dailyBefore);
  expect(await rollups('usage_hourly', today)).toEqual(hourlyBefore);
  // Charts over the pruned range still see every request.
  const from = new Date(now - 120 * day).toISOString().slice(0, 10);
  const summary = await api<{ totals: { requests: number } }>('GET', `/usage/summary?from=${from}&to=${today}`);
  expect(summary.body.totals.requests).toBe(2_600 + 40 + 20);
});

it('shows and sets the limit over REST: a shorter one prunes at once in a serving gateway, and is audited', async () => {
  const shown = await api<UsageRetention>('GET', '/usage/retention');
  expect(shown.status).toBe(200);
  expect(shown.body).toMatchObject({ rawRowsDays: 90, prunedRows: 2_600 });
  expect(Date.parse(shown.body.oldestRawRowAt!)).toBeLessThan(Date.now() - 88 * day);
  expect(shown.body.databaseBytes).toBeGreaterThan(0);

  const changed = await api<UsageRetention>('PATCH', '/usage/retention', { rawRowsDays: 30 });
  expect(changed.status).toBe(200);
  expect(changed.body.rawRowsDays).toBe(30);
  await h.core.retention.prune();
  const after = await api<UsageRetention>('GET', '/usage/retention');
  expect(Date.parse(after.body.oldestRawRowAt!)).toBeGreaterThan(Date.now() - 30 * day);
  expect((await h.rows()).filter((r) => r.requestId.startsWith('old-'))).toEqual([]);

  const events = await api<{ items: { action: string; targetId: string }[] }>('GET', '/audit-events?action=usage:UpdateUsageRetention');
  expect(events.body.items).toEqual([expect.objectContaining({ targetId: 'usage.retentionDays' })]);
  expect((await api('PATCH', '/usage/retention', { rawRowsDays: 0 })).status).toBe(400);
});
