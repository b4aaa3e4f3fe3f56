import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { chat, chatBody, startTeamGateway, type TeamGateway } from '../support/gateway-cluster';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { withClient } from '../support/postgres-database';

/** How long the database stays down while the gateways are under load. */
const outageMs = 20_000;

/** Keeps `workers` requests in flight against each gateway until `stop()`; collects every status with when it was sent. */
function load(gateways: TeamGateway[], token: string, workers = 2) {
  const sent: Array<{ status: number; at: number }> = [];
  let running = true;
  const loops = gateways.flatMap((gateway) =>
    Array.from({ length: workers }, async () => {
      while (running) {
        const at = Date.now();
        sent.push({ status: await chat(gateway, token).catch(() => 0), at });
      }
    }),
  );
  return {
    sent,
    async stop() {
      running = false;
      await Promise.all(loops);
      return sent;
    },
  };
}

describe('a team database outage under load (its own PostgreSQL, stopped and started again)', () => {
  let cluster: PostgresCluster;
  let url: string;
  let upstream: FakeUpstream;
  const gateways: TeamGateway[] = [];

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    await withClient(cluster.ownerUrl, (client) => client.query('CREATE DATABASE outage'));
    const target = new URL(cluster.ownerUrl);
    target.pathname = '/outage';
    url = target.toString();
    upstream = await startFakeUpstream({ keepRecords: false });
    for (const name of ['a', 'b']) gateways.push(await startTeamGateway(name, url, { SWITCHBOARD_OFFLINE_GRACE_MS: '120000' }));
    const provider = await gateways[0]!.api('POST', '/ai-providers', {
      name: 'Local',
      provider: 'ollama',
      defaultModel: 'llama3.2',
      baseUrl: upstream.url,
    });
    expect(provider.status).toBe(201);
    const price = { model: 'llama3.2', input: 1, output: 1, cacheRead: 0, cacheWrite: 0 };
    expect((await gateways[0]!.api('POST', `/ai-providers/${provider.body.id}/prices`, price)).status).toBe(200);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop('SIGKILL')));
    await upstream?.close();
    await cluster?.stop();
  });

  const rowsOf = (tokenId: string) =>
    withClient(url, async (client) => {
      const rows = await client.query(
        'SELECT count(*)::int AS rows, count(DISTINCT request_id)::int AS ids FROM usage_records WHERE token_id = $1',
        [tokenId],
      );
      const daily = await client.query('SELECT COALESCE(sum(requests), 0)::int AS requests FROM usage_daily WHERE token_id = $1', [
        tokenId,
      ]);
      return { ...rows.rows[0], rolledUp: daily.rows[0].requests } as { rows: number; ids: number; rolledUp: number };
    });

  it('answers uncapped requests from cache, refuses capped ones saying why, and delivers the outbox exactly once when the database returns', async () => {
    const [a] = gateways;
    const uncapped = (await a!.api('POST', '/tokens', { name: 'uncapped', kind: 'job' })).body;
    const capped = (await a!.api('POST', '/tokens', { name: 'capped', kind: 'job', limits: { spendCapUsd: 1 } })).body;
    // Every gateway has both tokens, the provider and its budgets cached before the database goes.
    for (const gateway of gateways) {
      expect(await chat(gateway, uncapped.value)).toBe(200);
      expect(await chat(gateway, capped.value)).toBe(200);
    }

    const traffic = load(gateways, uncapped.value);
    while (traffic.sent.length < 50) await new Promise((resolve) => setImmediate(resolve));
    cluster.pause();
    const downAt = Date.now();

    // While it is down: the capped token is refused with the reason, and the gateways say they serve from cache.
    const refusal = await fetch(`${gateways[1]!.agentEndpoint}/ai/ollama/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${capped.value}`, 'content-type': 'application/json' },
      body: chatBody,
    });
    expect(refusal.status).toBe(503);
    expect(await refusal.text()).toContain('SWITCHBOARD_CAPPED_WHEN_UNREACHABLE=closed');

    await new Promise((resolve) => setTimeout(resolve, outageMs));
    for (const gateway of gateways) expect(existsSync(path.join(gateway.dataDir, 'usage-outbox.db'))).toBe(true);
    cluster.resume();
    const upAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const sent = await traffic.stop();

    const during = sent.filter((request) => request.at > downAt + 1_000 && request.at < upAt);
    expect(during.length).toBeGreaterThan(100);
    expect(during.filter((request) => request.status !== 200)).toEqual([]);

    const answered = sent.filter((request) => request.status === 200).length + 2;
    const deadline = Date.now() + 30_000;
    while ((await rowsOf(uncapped.token.id)).rows < answered && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await rowsOf(uncapped.token.id)).toEqual({ rows: answered, ids: answered, rolledUp: answered });
  }, 120_000);
});
