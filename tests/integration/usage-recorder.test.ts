import { afterEach, expect, it, vi } from 'vitest';
import type { UsageRecord } from '../../shared/operations/usage';
import { bootCore } from '../../electron/core/boot';
import { createMemoryLogger } from '../../electron/core/log';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import { makeTempDir } from '../support/temp-dir';

const temps: { cleanup(): void }[] = [];
afterEach(() => {
  vi.useRealTimers();
  temps.splice(0).forEach((t) => t.cleanup());
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

async function openCore(dir: string, log = createMemoryLogger()) {
  return bootCore({ dataDir: dir, mode: 'headless', log, vault: createMemoryVault() });
}

it('rows queued but not yet flushed are written on shutdown, with rollups in the same transaction', async () => {
  const temp = makeTempDir();
  temps.push(temp);
  const core = await openCore(temp.dir);
  for (let i = 0; i < 300; i++) core.usageRecorder.record(entry(i));
  expect(core.usageRecorder.pending).toBe(300);
  core.close(); // what SIGTERM does after draining the server

  const again = await openCore(temp.dir);
  expect(again.db.prepare('SELECT COUNT(*) FROM usage_records').pluck().get()).toBe(300);
  const daily = again.db
    .prepare(
      'SELECT day, pipeline, model, requests, errors, unpriced_requests AS unpriced, cost_micro_usd AS cost FROM usage_daily ORDER BY day, pipeline, model',
    )
    .all() as Record<string, unknown>[];
  expect(daily.reduce((t, r) => t + (r.requests as number), 0)).toBe(300);
  expect(daily.reduce((t, r) => t + (r.errors as number), 0)).toBe(30);
  expect(daily.reduce((t, r) => t + (r.cost as number), 0)).toBe(200 * 35);
  const unpriced = daily.filter((r) => r.model === unpricedModel);
  expect(unpriced.reduce((t, r) => t + (r.unpriced as number), 0)).toBe(100);
  expect(unpriced.every((r) => r.cost === 0)).toBe(true);
  expect(again.db.prepare('SELECT COUNT(*) FROM usage_records WHERE model = ? AND cost_micro_usd IS NULL').pluck().get(unpricedModel)).toBe(
    100,
  );
  expect(new Set(daily.map((r) => r.pipeline))).toEqual(new Set(['web', 'api']));
  // The hourly rollups hold the same counts, one level finer (every row here is at midnight).
  const hourly = again.db
    .prepare(
      'SELECT substr(hour, 1, 10) AS day, pipeline, model, requests, errors, unpriced_requests AS unpriced, cost_micro_usd AS cost FROM usage_hourly ORDER BY day, pipeline, model',
    )
    .all();
  expect(hourly).toEqual(daily);
  again.close();
});

it('a batch is written within the flush window without any shutdown', async () => {
  const temp = makeTempDir();
  temps.push(temp);
  const core = await openCore(temp.dir);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  core.usageRecorder.record(entry(1));
  const written = () => core.db.prepare('SELECT COUNT(*) FROM usage_records').pluck().get();
  expect(written()).toBe(0);
  vi.advanceTimersByTime(49);
  expect(written()).toBe(0);
  vi.advanceTimersByTime(1); // the 50 ms flush window is over
  expect(written()).toBe(1);
  core.close();
});

it('a row the database refuses is set aside in quarantine, with its reason logged once, and every other row lands', async () => {
  const temp = makeTempDir();
  temps.push(temp);
  const log = createMemoryLogger();
  const core = await openCore(temp.dir, log);
  const invalid = { ...entry(0), requestId: 'r-invalid', status: null } as unknown as UsageRecord;
  core.usageRecorder.record(invalid);
  for (let i = 1; i <= 50; i++) core.usageRecorder.record(entry(i));
  core.usageRecorder.flush();
  core.usageRecorder.record({ ...invalid, requestId: 'r-invalid-2' }); // the same reason again
  core.usageRecorder.record(entry(51)); // and the recorder is not stuck behind them
  core.usageRecorder.flush();

  expect(core.db.prepare('SELECT COUNT(*) FROM usage_records').pluck().get()).toBe(51);
  expect(core.db.prepare('SELECT SUM(requests) FROM usage_daily').pluck().get()).toBe(51);
  const quarantined = core.db.prepare('SELECT request_id AS requestId, reason, row FROM usage_quarantine').all() as {
    requestId: string;
    reason: string;
    row: string;
  }[];
  expect(quarantined).toEqual(
    ['r-invalid', 'r-invalid-2'].map((requestId) => ({
      requestId,
      reason: expect.stringMatching(/NOT NULL.*status/),
      row: expect.stringContaining('"status":null'),
    })),
  );
  await Promise.resolve(); // the store's answer arrives as a promise
  expect(log.lines.filter((line) => line.includes('usage_quarantine'))).toHaveLength(1);
  const status = (await core.invoke('getSystemStatus', {}, adminSessionActor)) as { usageRecording: unknown };
  expect(status.usageRecording).toEqual({ pendingRows: 0, droppedRows: 0, quarantinedRows: 2 });
  core.close();
});
