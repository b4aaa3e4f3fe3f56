import { afterEach, expect, it, vi } from 'vitest';
import { bootCore } from '../../electron/core/boot';
import { createMemoryLogger } from '../../electron/core/log';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import { makeTempDir } from '../support/temp-dir';

const temps: { cleanup(): void }[] = [];
afterEach(() => {
  vi.useRealTimers();
  temps.splice(0).forEach((t) => t.cleanup());
});

const entry = (i: number) => ({
  at: new Date(Date.UTC(2026, 0, 1 + (i % 2))).toISOString(),
  requestId: `r${i}`,
  projectId: 'prj_x',
  aiProviderId: 'aip_x',
  provider: 'anthropic',
  authMethod: 'byo',
  tokenId: 'tok_x',
  model: i % 3 === 0 ? 'my-private-model' : 'claude-haiku-4-5',
  endpoint: '/v1/messages',
  streamed: true,
  status: i % 10 === 0 ? 500 : 200,
  outcome: i % 10 === 0 ? 'upstream_error' : 'ok',
  inputTokens: 10,
  outputTokens: 5,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  latencyMs: 3,
  ttfbMs: 1,
  labels: { pipeline: i % 2 ? 'web' : 'api' },
});

it('rows queued but not yet flushed are written on shutdown, with rollups in the same transaction', async () => {
  const temp = makeTempDir();
  temps.push(temp);
  const open = () => bootCore({ dataDir: temp.dir, mode: 'headless', log: createMemoryLogger(), vault: createMemoryVault() });
  const core = await open();
  let recorded = 0;
  core.events.on('usage.recorded', ({ count }) => (recorded += count));
  for (let i = 0; i < 300; i++) core.usageRecorder.record(entry(i));
  expect(core.usageRecorder.pending).toBe(300);
  core.close(); // what SIGTERM does after draining the server
  expect(recorded).toBe(300);

  const again = await open();
  expect(again.db.prepare('SELECT COUNT(*) FROM usage_records').pluck().get()).toBe(300);
  const daily = again.db.prepare('SELECT day, pipeline, model, requests, errors, unpriced_requests AS unpriced, cost_micro_usd AS cost FROM usage_daily ORDER BY day, pipeline, model').all() as Record<string, unknown>[];
  expect(daily.reduce((t, r) => t + (r.requests as number), 0)).toBe(300);
  expect(daily.reduce((t, r) => t + (r.errors as number), 0)).toBe(30);
  const unpriced = daily.filter((r) => r.model === 'my-private-model');
  expect(unpriced.reduce((t, r) => t + (r.unpriced as number), 0)).toBe(100);
  expect(unpriced.every((r) => r.cost === 0)).toBe(true);
  expect(again.db.prepare("SELECT COUNT(*) FROM usage_records WHERE model = 'my-private-model' AND cost_micro_usd IS NULL").pluck().get()).toBe(100);
  expect(new Set(daily.map((r) => r.pipeline))).toEqual(new Set(['web', 'api']));
  again.close();
});

it('a batch is written within the flush window without any shutdown', async () => {
  const temp = makeTempDir();
  temps.push(temp);
  const core = await bootCore({ dataDir: temp.dir, mode: 'headless', log: createMemoryLogger(), vault: createMemoryVault() });
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
