import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { chat, chatBody, startTeamGateway, type TeamGateway } from '../support/gateway-cluster';
import { createTestDatabase, withClient, type TestDatabase } from '../support/postgres-database';

/** Asks `probe` until it holds or `withinMs` passes; resolves to how long it took, or null. */
async function timeUntil(probe: () => Promise<boolean>, withinMs: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < withinMs) {
    if (await probe()) return performance.now() - started;
  }
  return null;
}

const pricePerMillion = 1;
/** A request's reservation: a token per 4 bytes of body plus the 10 output tokens asked for, at $1 per million. */
const estimateMicroUsd = Math.ceil(Buffer.byteLength(chatBody) / 4) + 10;

describe('three gateways on one team database (built `serve` processes)', () => {
  let database: TestDatabase;
  let upstream: FakeUpstream;
  let gateways: TeamGateway[];
  let a: TeamGateway;

  beforeAll(async () => {
    database = await createTestDatabase();
    upstream = await startFakeUpstream({ keepRecords: false });
    // One after another: a start replaces the team's one-time login link, which each signs in with first.
    a = await startTeamGateway('a', database.url);
    const provider = await a.api('POST', '/ai-providers', {
      name: 'Local',
      provider: 'ollama',
      defaultModel: 'llama3.2',
      baseUrl: upstream.url,
    });
    expect(provider.status).toBe(201);
    // Ollama is free; a custom price of a dollar per million tokens gives spend caps something to hold.
    const price = { model: 'llama3.2', input: pricePerMillion, output: pricePerMillion, cacheRead: 0, cacheWrite: 0 };
    expect((await a.api('POST', `/ai-providers/${provider.body.id}/prices`, price)).status).toBe(200);
    gateways = [a];
    for (const name of ['b', 'c']) gateways.push(await startTeamGateway(name, database.url));
  }, 60_000);
  afterAll(async () => {
    await Promise.all((gateways ?? []).map((gateway) => gateway.stop()));
    await upstream?.close();
    await database?.drop();
  });

  const jobToken = async (name: string) => (await a.api('POST', '/tokens', { name, kind: 'job' })).body.value as string;

  it('refuses a token revoked through one gateway on the other two within a second', async () => {
    const created = (await a.api('POST', '/tokens', { name: 'revoked soon', kind: 'job' })).body;
    // Each gateway has the token cached, so only a notice can make it let go.
    for (const gateway of gateways) expect(await chat(gateway, created.value)).toBe(200);

    expect((await gateways[0]!.api('DELETE', `/tokens/${created.token.id}`)).status).toBe(200);
    const refusedIn = await Promise.all(
      gateways.slice(1).map((gateway) => timeUntil(async () => (await chat(gateway, created.value)) === 401, 1_000)),
    );
    expect(refusedIn.every((ms) => ms !== null)).toBe(true);
  });

  it('records 3 × 200 concurrent requests exactly once each, with rollups equal to the rows, the same team usage from every gateway, and each gateway’s own share', async () => {
    const token = await jobToken('load');
    const perGateway = await Promise.all(gateways.map((gateway) => Promise.all(Array.from({ length: 200 }, () => chat(gateway, token)))));
    const answeredBy = perGateway.map((statuses) => statuses.filter((status) => status === 200).length);
    const answered = answeredBy.reduce((sum, n) => sum + n, 0);
    expect(answered).toBe(600);

    const counts = () =>
      withClient(database.url, async (client) => {
        const rows = await client.query(
          `SELECT count(*)::int AS rows, count(DISTINCT request_id)::int AS ids, COALESCE(sum(input_tokens), 0)::int AS input
             FROM usage_records WHERE token_id = (SELECT id FROM tokens WHERE name = 'load')`,
        );
        const daily = await client.query(
          `SELECT COALESCE(sum(requests), 0)::int AS requests, COALESCE(sum(input_tokens), 0)::int AS input
             FROM usage_daily WHERE token_id = (SELECT id FROM tokens WHERE name = 'load')`,
        );
        return { ...rows.rows[0], daily: daily.rows[0] } as {
          rows: number;
          ids: number;
          input: number;
          daily: { requests: number; input: number };
        };
      });
    // Each gateway writes its rows in batches every 50 ms: wait for the last batch, not for a time.
    expect(await timeUntil(async () => (await counts()).rows >= answered, 10_000)).not.toBeNull();
    const landed = await counts();
    expect(landed.rows).toBe(answered);
    expect(landed.ids).toBe(answered);
    expect(landed.daily).toEqual({ requests: landed.rows, input: landed.input });

    const tokenId = (await a.api('GET', '/tokens?kind=job&limit=500')).body.items.find((t: { name: string }) => t.name === 'load').id;
    const summaries = await Promise.all(
      gateways.map((gateway) => gateway.api('GET', `/usage/summary?tokenId=${tokenId}&groupBy=provider`)),
    );
    for (const summary of summaries) expect(summary.body).toEqual(summaries[0]!.body);
    expect(summaries[0]!.body.totals.requests).toBe(answered);

    // Grouped by gateway, each gateway's requests are the ones it answered; filtered, the same.
    const ids = await Promise.all(
      gateways.map(async (gateway) => (await gateway.api('GET', '/gateways')).body.items.find((g: { isSelf: boolean }) => g.isSelf).id),
    );
    const byGateway = await a.api('GET', `/usage/summary?tokenId=${tokenId}&groupBy=gateway`);
    const requestsOf = Object.fromEntries(byGateway.body.groups.map((g: { key: string; requests: number }) => [g.key, g.requests]));
    expect(requestsOf).toEqual(Object.fromEntries(ids.map((id, i) => [id, answeredBy[i]])));
    for (const [i, id] of ids.entries()) {
      const only = await gateways[(i + 1) % 3]!.api('GET', `/usage/summary?tokenId=${tokenId}&gatewayId=${id}`);
      expect(only.body.totals.requests).toBe(answeredBy[i]);
    }
    // 600 requests through three processes on a shared two-core machine take most of the default 20 s.
  }, 60_000);

  it('holds a spend cap sized for N requests against 10×N concurrent requests spread over the three gateways', async () => {
    const n = 10;
    const capMicroUsd = n * estimateMicroUsd;
    const created = (await a.api('POST', '/tokens', { name: 'capped', kind: 'job', limits: { spendCapUsd: capMicroUsd / 1_000_000 } }))
      .body;
    const statuses = await Promise.all(Array.from({ length: 10 * n }, (_, i) => chat(gateways[i % 3]!, created.value)));
    const answered = statuses.filter((status) => status === 200).length;
    const refused = statuses.filter((status) => status === 429).length;
    expect(answered + refused).toBe(10 * n);
    expect(answered).toBeGreaterThanOrEqual(n);
    expect(refused).toBeGreaterThan(0);

    const spend = () =>
      withClient(database.url, async (client) => {
        const { rows } = await client.query(
          `SELECT count(*)::int AS rows, COALESCE(sum(cost_micro_usd), 0)::int AS spent FROM usage_records WHERE token_id = $1 AND status = 200`,
          [created.token.id],
        );
        return rows[0] as { rows: number; spent: number };
      });
    expect(await timeUntil(async () => (await spend()).rows >= answered, 10_000)).not.toBeNull();
    const recorded = await spend();
    expect(recorded.rows).toBe(answered);
    expect(recorded.spent).toBeLessThanOrEqual(capMicroUsd);
    // Nothing is left held once every request settled.
    const counters = await withClient(database.url, (client) =>
      client.query('SELECT spent_micro_usd::int AS spent, reserved_micro_usd::int AS reserved FROM budget_counters WHERE budget_key = $1', [
        created.token.id,
      ]),
    );
    expect(counters.rows).toEqual([{ spent: recorded.spent, reserved: 0 }]);
  });

  it('lists the three gateways, each live, on every gateway', async () => {
    const listed = await a.api('GET', '/gateways');
    const live = listed.body.items.filter((g: { state: string; store: string }) => g.state === 'live' && g.store === 'postgres');
    expect(live).toHaveLength(3);
    expect(listed.body.items.filter((g: { isSelf: boolean }) => g.isSelf)).toHaveLength(1);
  });
});
