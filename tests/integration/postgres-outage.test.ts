import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { chat, chatAnswer, chatBody, startTeamGateway, type TeamGateway } from '../support/gateway-cluster';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { withClient } from '../support/postgres-database';

/** How long the database stays down while the gateways are under load. */
const outageMs = 20_000;

/**
 * Keeps `workers` requests in flight against each gateway until `stop()`; collects every status
 * (0: the client saw no answer) with the request id answered and when it was sent.
 */
function load(gateways: TeamGateway[], token: string, workers = 2) {
  const sent: Array<{ status: number; requestId: string | null; at: number }> = [];
  let running = true;
  const loops = gateways.flatMap((gateway) =>
    Array.from({ length: workers }, async () => {
      while (running) {
        const at = Date.now();
        sent.push({ ...(await chatAnswer(gateway, token).catch(() => ({ status: 0, requestId: null }))), at });
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

  /** The token's usage rows (request id → status), and its requests as the daily rollups count them. */
  const rowsOf = (tokenId: string) =>
    withClient(url, async (client) => {
      const rows = await client.query<{ request_id: string; status: number }>(
        'SELECT request_id, status FROM usage_records WHERE token_id = $1',
        [tokenId],
      );
      const daily = await client.query('SELECT COALESCE(sum(requests), 0)::int AS requests FROM usage_daily WHERE token_id = $1', [
        tokenId,
      ]);
      return { rows: rows.rows, rolledUp: daily.rows[0].requests as number };
    });

  it('answers uncapped requests from cache, refuses capped ones saying why, and delivers the outbox exactly once when the database returns', async () => {
    const [a] = gateways;
    const uncapped = (await a!.api('POST', '/tokens', { name: 'uncapped', kind: 'job' })).body;
    const capped = (await a!.api('POST', '/tokens', { name: 'capped', kind: 'job', limits: { spendCapUsd: 1 } })).body;
    // Every gateway has both tokens, the provider and its budgets cached before the database goes.
    const warmUps: string[] = [];
    for (const gateway of gateways) {
      const warmUp = await chatAnswer(gateway, uncapped.value);
      expect(warmUp.status).toBe(200);
      warmUps.push(warmUp.requestId!);
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

    // Counted by request id, not by number: a request the client saw fail (a reset connection) may
    // still have been answered and metered by its gateway, so its row is right, not a duplicate.
    const answered = new Set([...warmUps, ...sent.filter((request) => request.status === 200).map((request) => request.requestId!)]);
    const notAnswered = sent.filter((request) => request.status !== 200);
    const deadline = Date.now() + 30_000;
    let found = await rowsOf(uncapped.token.id);
    while (found.rows.filter((row) => answered.has(row.request_id)).length < answered.size && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      found = await rowsOf(uncapped.token.id);
    }
    const ids = new Set(found.rows.map((row) => row.request_id));
    expect(ids.size, 'one row per request id').toBe(found.rows.length);
    expect(
      [...answered].filter((id) => !ids.has(id)),
      'answered requests without a row',
    ).toEqual([]);
    // Every other row is a request the client did not see answered 200, recorded with its own status.
    const others = found.rows.filter((row) => !answered.has(row.request_id));
    expect(others.length, JSON.stringify(notAnswered.slice(0, 20))).toBeLessThanOrEqual(notAnswered.length);
    for (const request of notAnswered.filter((r) => r.requestId !== null)) {
      expect(found.rows.find((row) => row.request_id === request.requestId)?.status ?? request.status).toBe(request.status);
    }
    expect(found.rolledUp, 'the rollups count every row once').toBe(found.rows.length);
  }, 120_000);
});
