import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RequestLogEntry, UsageRecord, UsageSummary, UsageTimeSeries } from '../../shared/operations';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/**
 * Usage by gateway, on the store this run uses (SQLite, and PostgreSQL in the postgres-store
 * project): every row records the gateway that served it, the rollups key on it, and usage and
 * the request log group and filter by it. Rows from before gateways were recorded have none.
 */
let h: ProxyHarness;
let cookie: string;
const gatewayA = 'gw_aaaaaaaaaaaaaaaaaaaaaaaa';
const gatewayB = 'gw_bbbbbbbbbbbbbbbbbbbbbbbb';
const day = '2026-02-03';

beforeAll(async () => {
  h = await startProxyHarness({ providers: [{ slug: 'openai' }], tokens: [{ name: 'ci', labels: { pipeline: 'deploy' } }] });
  cookie = (await fetch(h.server.loginUrl, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => h.stop());

async function api<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${h.server.apiBaseUrl}${path}`, { headers: { cookie } });
  return { status: response.status, body: (await response.json()) as T };
}

/** A row served by `gatewayId` (null: written before gateways were recorded), priced `cost` micro-dollars. */
function row(i: number, gatewayId: string | null, cost: number, hour = 10): UsageRecord {
  return {
    id: `use_gw${String(i).padStart(20, '0')}`,
    at: `${day}T${String(hour).padStart(2, '0')}:15:00.000Z`,
    requestId: `by-gateway-${i}`,
    projectId: h.tokens[0]!.token.projectId,
    aiProviderId: h.providers[0]!.id,
    provider: 'openai',
    authMethod: 'byo',
    tokenId: h.tokens[0]!.token.id,
    model: 'gpt-4.1-mini',
    endpoint: '/v1/chat/completions',
    streamed: false,
    status: i % 5 === 0 ? 500 : 200,
    outcome: i % 5 === 0 ? 'upstream_error' : 'ok',
    inputTokens: 10,
    outputTokens: i,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costMicroUsd: cost,
    usageUnknown: false,
    latencyMs: 30,
    ttfbMs: 10,
    labels: { pipeline: 'deploy' },
    routeId: null,
    attempts: 1,
    attemptLog: null,
    route: 'openai',
    overheadMs: 1,
    errorMessage: null,
    gatewayId,
  };
}

const rowsOfTheDay = () => [
  ...Array.from({ length: 7 }, (_, i) => row(i + 1, gatewayA, 100, 9 + (i % 2))),
  ...Array.from({ length: 4 }, (_, i) => row(i + 20, gatewayB, 1_000, 11)),
  ...Array.from({ length: 2 }, (_, i) => row(i + 40, null, 7, 12)),
];

it('stamps each proxied request with the id of the gateway that served it', async () => {
  const answer = await fetch(`${h.endpoint}/ai/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.tokens[0]!.value}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(answer.status).toBe(200);
  await answer.text();
  const served = await h.rowOf(answer);
  const gateways = await api<{ items: { id: string; isSelf: boolean }[] }>('/gateways');
  const self = gateways.body.items.find((g) => g.isSelf)!;
  expect(self.id).toMatch(/^gw_/);
  expect(served.gatewayId).toBe(self.id);
});

it('groups a day of two gateways (and older rows without one) by gateway, the rollups summing each gateway’s rows', async () => {
  expect(await h.core.store.usageRows.append(rowsOfTheDay())).toEqual([]);
  const summary = await api<UsageSummary>(`/usage/summary?from=${day}&to=${day}&groupBy=gateway`);
  expect(summary.status).toBe(200);
  const byKey = Object.fromEntries(summary.body.groups.map((g) => [g.key, g]));
  expect(Object.keys(byKey).sort()).toEqual(['', gatewayA, gatewayB]);
  expect(byKey[gatewayA]).toMatchObject({ requests: 7, errors: 1, costMicroUsd: 700, outputTokens: 28 });
  expect(byKey[gatewayB]).toMatchObject({ requests: 4, errors: 1, costMicroUsd: 4_000, outputTokens: 86 });
  expect(byKey['']).toMatchObject({ requests: 2, errors: 1, costMicroUsd: 14, label: '(unknown gateway: before gateways were recorded)' });
  expect(summary.body.totals.requests).toBe(13);

  // The rollups, daily and hourly, are the sums of the raw rows per gateway.
  const peek = await h.peek();
  for (const [table, column] of [
    ['usage_daily', 'day'],
    ['usage_hourly', 'hour'],
  ] as const) {
    const rollups = await peek.all<{ gateway_id: string; requests: number | string; cost: number | string }>(
      `SELECT gateway_id, SUM(requests) AS requests, SUM(cost_micro_usd) AS cost FROM ${table}
       WHERE CAST(${column} AS TEXT) LIKE ? GROUP BY gateway_id ORDER BY gateway_id`,
      `${day}%`,
    );
    const raw = await peek.all<{ gateway_id: string; requests: number | string; cost: number | string }>(
      `SELECT COALESCE(gateway_id, '') AS gateway_id, COUNT(*) AS requests, SUM(cost_micro_usd) AS cost FROM usage_records
       WHERE request_id LIKE 'by-gateway-%' GROUP BY 1 ORDER BY 1`,
    );
    const numbers = (list: typeof raw) => list.map((r) => [r.gateway_id, Number(r.requests), Number(r.cost)]);
    expect(numbers(rollups), table).toEqual(numbers(raw));
  }
});

it('filters usage to one gateway, by day and by hour', async () => {
  const onlyB = await api<UsageSummary>(`/usage/summary?from=${day}&to=${day}&groupBy=model&gatewayId=${gatewayB}`);
  expect(onlyB.status).toBe(200);
  expect(onlyB.body.totals).toMatchObject({ requests: 4, costMicroUsd: 4_000 });

  const hourly = await api<UsageTimeSeries>(`/usage/time-series?from=${day}&to=${day}&groupBy=gateway&gatewayId=${gatewayA}&grain=hour`);
  expect(hourly.status).toBe(200);
  expect(hourly.body.grain).toBe('hour');
  expect(hourly.body.points.map((p) => [p.day, p.key, p.requests])).toEqual([
    [`${day}T09:00Z`, gatewayA, 4],
    [`${day}T10:00Z`, gatewayA, 3],
  ]);
});

it('filters the request log by gateway', async () => {
  const since = `${day}T00:00:00Z`;
  const until = `${day}T23:59:59Z`;
  const listed = await api<{ items: RequestLogEntry[] }>(`/requests?since=${since}&until=${until}&gatewayId=${gatewayB}&limit=50`);
  expect(listed.status).toBe(200);
  expect(listed.body.items.map((r) => r.requestId).sort()).toEqual(
    rowsOfTheDay()
      .filter((r) => r.gatewayId === gatewayB)
      .map((r) => r.requestId),
  );
  expect(listed.body.items.every((r) => r.gatewayId === gatewayB)).toBe(true);
  const older = await api<{ items: RequestLogEntry[] }>(`/requests?since=${since}&until=${until}&limit=50`);
  expect(older.body.items.filter((r) => r.gatewayId === null)).toHaveLength(2);
});

it('refuses a gateway filter that is no gateway id, with a 400', async () => {
  const usage = await api<{ error: { code: string } }>(`/usage/summary?gatewayId=ci-agent-3`);
  expect(usage.status).toBe(400);
  const requests = await api<{ error: { code: string } }>(`/requests?gatewayId=ci-agent-3`);
  expect(requests.status).toBe(400);
});
