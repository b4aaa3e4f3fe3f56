import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { chatAnswer, chatBody, startTeamGateway, type TeamGateway } from '../support/gateway-cluster';
import { createTestDatabase, withClient, type TestDatabase } from '../support/postgres-database';

/**
 * The README's promise for a gateway killed with `kill -9`: it loses at most the usage rows of its
 * flush window (50 ms, plus the batch being committed), and the budget reservations it held expire
 * and are released by the sweep of a gateway still running. Both are real `serve` processes; the
 * killed one holds its reservations for 5 s, the survivor sweeps every 200 ms.
 */
const expiryMs = 5_000;
/** Answers received this long before the kill must have their rows: the 50 ms window plus a commit on a busy machine. */
const flushWindowBoundMs = 1_000;

describe('a gateway killed with SIGKILL under load', () => {
  let database: TestDatabase;
  let upstream: FakeUpstream;
  let victim: TeamGateway;
  let survivor: TeamGateway;

  beforeAll(async () => {
    database = await createTestDatabase();
    upstream = await startFakeUpstream({ keepRecords: false });
    victim = await startTeamGateway('victim', database.url, { SWITCHBOARD_RESERVATION_EXPIRY_MS: String(expiryMs) });
    const provider = await victim.api('POST', '/ai-providers', {
      name: 'Local',
      provider: 'ollama',
      defaultModel: 'llama3.2',
      baseUrl: upstream.url,
    });
    expect(provider.status).toBe(201);
    const price = { model: 'llama3.2', input: 1, output: 1, cacheRead: 0, cacheWrite: 0 };
    expect((await victim.api('POST', `/ai-providers/${provider.body.id}/prices`, price)).status).toBe(200);
    survivor = await startTeamGateway('survivor', database.url, { SWITCHBOARD_RESERVATION_SWEEP_MS: '200' });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([victim, survivor].filter(Boolean).map((gateway) => gateway.stop('SIGKILL')));
    await upstream?.close();
    await database?.drop();
  });

  const query = <T>(text: string, params: unknown[]) =>
    withClient(database.url, async (client) => (await client.query(text, params)).rows as T[]);

  it('loses at most the rows of its flush window, and its reservations are released by another gateway’s sweep', async () => {
    const uncapped = (await victim.api('POST', '/tokens', { name: 'load', kind: 'job' })).body;
    const capped = (await victim.api('POST', '/tokens', { name: 'capped', kind: 'job', limits: { spendCapUsd: 1 } })).body;

    // Load on the victim, each answer kept with its request id and when it arrived.
    const answers: Array<{ requestId: string; at: number }> = [];
    let running = true;
    const workers = Array.from({ length: 4 }, async () => {
      while (running) {
        const answer = await chatAnswer(victim, uncapped.value).catch(() => null);
        if (answer?.status === 200) answers.push({ requestId: answer.requestId!, at: Date.now() });
      }
    });
    while (answers.length < 300) await new Promise((resolve) => setTimeout(resolve, 10));

    // Held reservations: capped requests whose upstream never answers, in flight when the gateway dies.
    const held = Array.from({ length: 3 }, () =>
      fetch(`${victim.agentEndpoint}/ai/ollama/api/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${capped.value}`, 'content-type': 'application/json', 'x-fake-stall': 'headers' },
        body: chatBody,
      }).catch(() => null),
    );
    const reserved = async () =>
      (
        await query<{ reserved: number }>(
          'SELECT COALESCE(sum(reserved_micro_usd), 0)::int AS reserved FROM budget_counters WHERE budget_key = $1',
          [capped.token.id],
        )
      )[0]!.reserved;
    while ((await reserved()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));

    const killedAt = Date.now();
    await victim.stop('SIGKILL');
    // Its holds outlive it: nothing settles them but their expiry.
    expect(await reserved()).toBeGreaterThan(0);
    running = false;
    await Promise.all([...workers, ...held]);

    // Rows: everything answered before the flush window is there; what is missing was answered within it.
    const rows = await query<{ request_id: string }>('SELECT request_id FROM usage_records WHERE token_id = $1', [uncapped.token.id]);
    const landed = new Set(rows.map((row) => row.request_id));
    const lost = answers.filter((answer) => !landed.has(answer.requestId));
    console.info(
      `kill -9: ${answers.length} answered, ${rows.length} rows, ${lost.length} lost (answered ${lost.map((l) => killedAt - l.at).join(', ')} ms before the kill)`,
    );
    expect(lost.filter((answer) => answer.at < killedAt - flushWindowBoundMs)).toEqual([]);
    const daily = await query<{ requests: number }>(
      'SELECT COALESCE(sum(requests), 0)::int AS requests FROM usage_daily WHERE token_id = $1',
      [uncapped.token.id],
    );
    expect(daily[0]!.requests).toBe(rows.length);

    // The dead gateway's holds expire and the survivor's sweep releases them.
    const deadline = Date.now() + 15_000;
    while ((await reserved()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await query('SELECT reserved_micro_usd::int AS reserved FROM budget_counters WHERE budget_key = $1', [capped.token.id])).toEqual(
      [{ reserved: 0 }],
    );
    expect(await query('SELECT id FROM budget_reservations', [])).toEqual([]);
  }, 90_000);
});
