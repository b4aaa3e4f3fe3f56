import { afterEach, expect, it, vi } from 'vitest';
import type { UsageRecord } from '../../shared/operations/usage';
import { bootCore, type Core } from '../../electron/core/boot';
import { createMemoryLogger } from '../../electron/core/log';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import { peekStore, type StorePeek } from '../support/store-peek';
import { makeTempDir } from '../support/temp-dir';
import { testStoreKind, testStoreLocation, type TestStoreLocation } from '../support/test-store';
import { usageFlushMs } from '../../electron/core/usage/usage-recorder';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const unpricedModel = 'my-private-model';

const entry = (i: number): UsageRecord => ({
  id: `usr_${String(i).padStart(22, '0')}`,
  at: new Date(Date.UTC(2026, 0, 1 + (i % 2))).toISOString(),
  requestId: `r${i}`,
  projectId: 'prj_x',
  aiProviderId: 'aip_x',
  provider: 'anthropic',
  authMethod: 'byo',
  tokenId: 'tok_x',
  model: i % 3 === 0 ? unpricedModel : 'claude-haiku-4-5',
  endpoint: '/v1/messages',
  streamed: true,
  status: i % 10 === 0 ? 500 : 200,
  outcome: i % 10 === 0 ? 'upstream_error' : 'ok',
  inputTokens: 10,
  outputTokens: 5,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costMicroUsd: i % 3 === 0 ? null : 35,
  usageUnknown: false,
  latencyMs: 3,
  ttfbMs: 1,
  labels: { pipeline: i % 2 ? 'web' : 'api' },
  routeId: null,
  attempts: 1,
  attemptLog: null,
  route: 'anthropic',
  overheadMs: 1,
  errorMessage: i % 10 === 0 ? 'Overloaded' : null,
  gatewayId: null,
});

/** A data directory and the store under test (its SQLite file, or a fresh PostgreSQL database), removed after the test. */
async function newStore(): Promise<{ dir: string; location: TestStoreLocation }> {
  const temp = makeTempDir();
  const location = await testStoreLocation();
  cleanups.push(temp.cleanup, () => location.drop());
  return { dir: temp.dir, location };
}

async function openCore(store: { dir: string; location: TestStoreLocation }, log = createMemoryLogger()) {
  const core = await bootCore({
    dataDir: store.dir,
    databaseUrl: store.location.databaseUrl,
    mode: 'headless',
    log,
    vault: createMemoryVault(),
  });
  const closeStore = core.close;
  let closed = false;
  const close = () => {
    if (closed) return Promise.resolve();
    closed = true;
    return closeStore();
  };
  cleanups.push(close);
  return Object.assign(core, { close });
}

/** Another process's look at the core's store. */
async function peekAt(store: { dir: string; location: TestStoreLocation }, core: Core): Promise<StorePeek> {
  const peek = await peekStore({ dataDir: store.dir, databaseUrl: store.location.databaseUrl, core });
  cleanups.push(() => peek.close());
  return peek;
}

const countOf = async (peek: StorePeek, sql: string, ...params: unknown[]) => Number((await peek.get<{ n: number }>(sql, ...params))!.n);

it('rows queued but not yet flushed are written on shutdown, with rollups in the same transaction', async () => {
  const store = await newStore();
  const core = await openCore(store);
  for (let i = 0; i < 300; i++) core.usageRecorder.record(entry(i));
  expect(core.usageRecorder.pending).toBe(300);
  await core.close(); // what SIGTERM does after draining the server

  const again = await openCore(store);
  const peek = await peekAt(store, again);
  expect(await countOf(peek, 'SELECT COUNT(*) AS n FROM usage_records')).toBe(300);
  const daily = await peek.all(
    'SELECT day, pipeline, model, requests, errors, unpriced_requests AS unpriced, cost_micro_usd AS cost FROM usage_daily ORDER BY day, pipeline, model',
  );
  expect(daily.reduce((t, r) => t + (r.requests as number), 0)).toBe(300);
  expect(daily.reduce((t, r) => t + (r.errors as number), 0)).toBe(30);
  expect(daily.reduce((t, r) => t + (r.cost as number), 0)).toBe(200 * 35);
  const unpriced = daily.filter((r) => r.model === unpricedModel);
  expect(unpriced.reduce((t, r) => t + (r.unpriced as number), 0)).toBe(100);
  expect(unpriced.every((r) => r.cost === 0)).toBe(true);
  expect(await countOf(peek, 'SELECT COUNT(*) AS n FROM usage_records WHERE model = ? AND cost_micro_usd IS NULL', unpricedModel)).toBe(
    100,
  );
  expect(new Set(daily.map((r) => r.pipeline))).toEqual(new Set(['web', 'api']));
  // The hourly rollups hold the same counts, one level finer (every row here is at midnight).
  const hourly = await peek.all<{ hour: string }>(
    'SELECT hour, pipeline, model, requests, errors, unpriced_requests AS unpriced, cost_micro_usd AS cost FROM usage_hourly ORDER BY hour, pipeline, model',
  );
  expect(hourly.map(({ hour, ...rest }) => ({ day: String(hour).slice(0, 10), ...rest }))).toEqual(daily);
});

it('a batch is written within the flush window without any shutdown', async () => {
  const store = await newStore();
  const core = await openCore(store);
  const peek = await peekAt(store, core);
  const written = () => countOf(peek, 'SELECT COUNT(*) AS n FROM usage_records');
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  core.usageRecorder.record(entry(1));
  expect(await written()).toBe(0);
  // The store's flush window: 50 ms on SQLite, 250 ms on a team database (bigger batches).
  const windowMs = usageFlushMs(testStoreKind);
  vi.advanceTimersByTime(windowMs - 1);
  expect(core.usageRecorder.pending).toBe(1);
  expect(await written()).toBe(0);
  vi.advanceTimersByTime(1); // the flush window is over
  expect(core.usageRecorder.pending).toBe(0);
  await core.usageRecorder.flush(); // nothing queued: waits for the write the timer started
  expect(await written()).toBe(1);
});

it('a row the database refuses is set aside in quarantine, with its reason logged once, and every other row lands', async () => {
  const store = await newStore();
  const log = createMemoryLogger();
  const core = await openCore(store, log);
  const peek = await peekAt(store, core);
  const invalid = { ...entry(0), requestId: 'r-invalid', status: null } as unknown as UsageRecord;
  core.usageRecorder.record(invalid);
  for (let i = 1; i <= 50; i++) core.usageRecorder.record(entry(i));
  await core.usageRecorder.flush();
  core.usageRecorder.record({ ...invalid, requestId: 'r-invalid-2' }); // the same reason again
  core.usageRecorder.record(entry(51)); // and the recorder is not stuck behind them
  await core.usageRecorder.flush();

  expect(await countOf(peek, 'SELECT COUNT(*) AS n FROM usage_records')).toBe(51);
  expect(await countOf(peek, 'SELECT SUM(requests) AS n FROM usage_daily')).toBe(51);
  const quarantined = await peek.all<{ requestId: string; reason: string; row: string }>(
    'SELECT request_id AS "requestId", reason, row FROM usage_quarantine ORDER BY seq',
  );
  expect(quarantined).toEqual(
    ['r-invalid', 'r-invalid-2'].map((requestId) => ({
      requestId,
      // SQLite: "NOT NULL constraint failed: usage_records.status"; PostgreSQL: 'null value in column "status" … violates not-null constraint'.
      reason: expect.stringMatching(/NOT NULL.*status|status.*not-null/),
      row: expect.stringContaining('"status":null'),
    })),
  );
  expect(log.lines.filter((line) => line.includes('usage_quarantine'))).toHaveLength(1);
  const status = (await core.invoke('getSystemStatus', {}, adminSessionActor)) as { usageRecording: unknown };
  expect(status.usageRecording).toEqual({ pendingRows: 0, droppedRows: 0, quarantinedRows: 2 });
});

it('sums each rollup key apart, however the rows of a batch alternate: a row differing from the one before in any one dimension has a sum of its own', async () => {
  const store = await newStore();
  const core = await openCore(store);
  const peek = await peekAt(store, core);
  // Runs of equal rows, each run changing one dimension from the run before, then changing it back.
  const changes: Partial<UsageRecord>[] = [
    { at: '2026-01-01T01:00:00.000Z' },
    { labels: { pipeline: 'deploy' } },
    { projectId: 'prj_y' },
    { provider: 'openai' },
    { aiProviderId: null },
    { authMethod: 'subscription' },
    { model: 'claude-opus-4' },
    { tokenId: 'tok_y' },
    { gatewayId: 'gw_aaaaaaaaaaaaaaaa' },
  ];
  const rows: UsageRecord[] = [];
  for (const change of changes)
    for (const variant of [change, {}, change]) for (let n = 0; n < 3; n++) rows.push({ ...entry(1), ...variant });
  rows.forEach((row, i) => core.usageRecorder.record({ ...row, id: `usr_${String(i).padStart(22, '0')}`, requestId: `r${i}` }));
  await core.usageRecorder.flush();

  const keyOf = (r: UsageRecord) => ({
    hour: r.at.slice(0, 13),
    project_id: r.projectId,
    provider: r.provider,
    ai_provider_id: r.aiProviderId ?? '',
    auth_method: r.authMethod,
    model: r.model ?? '',
    token_id: r.tokenId ?? '',
    pipeline: r.labels.pipeline ?? '',
    gateway_id: r.gatewayId ?? '',
  });
  const expected = new Map<string, Record<string, unknown> & { requests: number }>();
  for (const row of rows) {
    const { hour, ...key } = keyOf(row);
    const id = hour + JSON.stringify(key);
    const sum = expected.get(id) ?? { ...key, requests: 0 };
    sum.requests++;
    expected.set(id, sum);
  }
  expect(expected.size).toBe(changes.length + 1);
  // Compared without the hour, which each store keeps in its own type: the other hour's run is still a sum of its own.
  const hourly = await peek.all<Record<string, unknown>>(
    'SELECT project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline, gateway_id, requests FROM usage_hourly',
  );
  const sorted = (sums: Record<string, unknown>[]) => sums.map((sum) => JSON.stringify({ ...sum, requests: Number(sum.requests) })).sort();
  expect(sorted(hourly)).toEqual(sorted([...expected.values()]));
});
