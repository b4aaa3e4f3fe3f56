/**
 * One round of the recording-cost comparison (`recording-compare.ts` runs it in two checkouts):
 * a fresh SQLite store, a warm-up, then rows written in the batches the usage recorder hands over.
 * Prints `{"usPerRow": …, "cpuUsPerRow": …}`: wall-clock and this process's CPU time (user + system)
 * per row; on a shared machine the CPU time is the steadier of the two. Only APIs that both the code before the request log and today's share
 * are used, so the same file measures either; fields an older store does not know are ignored by it.
 * Run: `node --import tsx tests/bench/recording-round.ts --batch 1000 --rows 100000`.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../../electron/core/clock';
import { openSqliteStore } from '../../electron/core/db/sqlite/sqlite-store';
import { randomUUID } from 'node:crypto';
import * as ids from '../../electron/core/ids';
import { createMemoryLogger } from '../../electron/core/log';
import type { UsageRecord } from '../../shared/operations/usage';
import { makeTempDir } from '../support/temp-dir';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const batch = arg('batch', 1000);
const rows = arg('rows', 100_000);
const models = ['claude-sonnet-4', 'claude-haiku-4', 'gpt-4.1', 'gpt-4.1-mini', 'gemini-2.5-pro', 'llama3.1'];
const start = Date.UTC(2026, 10, 30, 8);
/** Request ids as each checkout's exchange makes them: time-ordered UUIDs today, random ones before. */
const ordered = (ids as { timeOrderedUuid?: (at: number) => string }).timeOrderedUuid;
const requestIdAt = ordered ?? (() => randomUUID());

/** A row as the meter makes it: 60 tokens, 20 pipelines, 6 models; a request every 10 ms, so an hour's rollups fill up. */
function row(i: number): UsageRecord {
  const failed = i % 50 === 0;
  return {
    id: `use_rec${String(i).padStart(19, '0')}`,
    at: new Date(start + i * 10).toISOString(),
    requestId: requestIdAt(start + i * 10),
    projectId: 'prj_benchproject00000000',
    aiProviderId: 'aip_benchprovider0000000',
    provider: 'anthropic',
    authMethod: 'byo',
    tokenId: `tok_bench${String(i % 60).padStart(16, '0')}`,
    model: models[i % models.length]!,
    endpoint: '/v1/messages',
    streamed: i % 3 === 0,
    status: failed ? 529 : 200,
    outcome: failed ? 'upstream_error' : 'ok',
    inputTokens: 1200,
    outputTokens: 300,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costMicroUsd: 8100,
    usageUnknown: false,
    latencyMs: 900,
    ttfbMs: 120,
    labels: { pipeline: `pipeline-${i % 20}`, build: String(i % 997) },
    routeId: null,
    attempts: 1,
    attemptLog: null,
    route: 'anthropic',
    overheadMs: 1,
    errorMessage: failed ? 'Overloaded' : null,
    // As a gateway stamps it.
    gatewayId: 'gw_benchgateway00000',
  };
}

const temp = makeTempDir('switchboard-recording-');
const store = openSqliteStore(path.join(temp.dir, 'switchboard.db'), { log: createMemoryLogger('error'), clock: systemClock });
try {
  // Rows are made before the clock starts: only the store's work is timed.
  const batches = (from: number, count: number) =>
    Array.from({ length: Math.ceil(count / batch) }, (_, b) => Array.from({ length: batch }, (_, j) => row(from + b * batch + j)));
  const warmUp = Math.max(batch, 10_000);
  for (const rowsOfBatch of batches(0, warmUp)) await store.usageRows.append(rowsOfBatch); // statements prepared, pages cached
  const timed = batches(warmUp, rows);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const rowsOfBatch of timed) await store.usageRows.append(rowsOfBatch);
  const used = process.cpuUsage(cpu);
  const count = timed.length * batch;
  console.log(JSON.stringify({ usPerRow: ((performance.now() - started) * 1000) / count, cpuUsPerRow: (used.user + used.system) / count }));
} finally {
  store.close();
  temp.cleanup();
}
