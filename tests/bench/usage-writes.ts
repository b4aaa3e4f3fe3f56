/**
 * Sustained usage writes, rows with their daily and hourly rollups, on each store: batches as the
 * usage recorder makes them under load, written one after another for a fixed time. The stores take
 * turns, several rounds, and the medians are reported: the machine is shared and noisy. Rows spread
 * over 8 models, 5 tokens (each with its pipeline) and 2 days: 40 keys in each rollup table, as a busy team's batch
 * would touch.
 */
import path from 'node:path';
import type { UsageRecord } from '../../shared/operations/usage';
import { createFileSettings } from '../../electron/core/db/file-settings';
import { openPostgresStore } from '../../electron/core/db/postgres/postgres-store';
import { openSqliteStore } from '../../electron/core/db/sqlite/sqlite-store';
import type { Store } from '../../electron/core/db/store';
import type { UsageRowsRepo } from '../../electron/core/db/usage-repo';
import { createMemoryLogger } from '../../electron/core/log';
import { systemClock } from '../../electron/core/clock';
import { makeTempDir } from '../support/temp-dir';
import { startBenchDatabase } from './proxy/bench-database';

const seconds = Number(process.env.BENCH_USAGE_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_USAGE_ROUNDS ?? 5);
const batchRows = Number(process.env.BENCH_USAGE_BATCH ?? 500);

let next = 0;
function row(): UsageRecord {
  const i = next++;
  return {
    id: `usr_${String(i).padStart(22, '0')}`,
    at: new Date(Date.UTC(2026, 10, 29 + (i % 2), 12)).toISOString(),
    requestId: `bench-${process.pid}-${i}`,
    projectId: 'prj_bench',
    aiProviderId: 'aip_bench',
    provider: 'anthropic',
    authMethod: 'byo',
    tokenId: `tok_bench${i % 5}`,
    model: `model-${i % 8}`,
    endpoint: '/v1/messages',
    streamed: i % 2 === 0,
    status: 200,
    outcome: 'ok',
    inputTokens: 1200,
    outputTokens: 300,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costMicroUsd: 4500,
    usageUnknown: false,
    latencyMs: 800,
    ttfbMs: 200,
    labels: { pipeline: `pipeline-${i % 5}` },
    routeId: null,
    attempts: 1,
    attemptLog: null,
    route: 'anthropic',
    overheadMs: 1,
    errorMessage: null,
    gatewayId: null,
  };
}

/** Rows per second writing `batchRows`-row batches back to back for `seconds`. */
async function sustained(rows: UsageRowsRepo): Promise<number> {
  const started = performance.now();
  let written = 0;
  while (performance.now() - started < seconds * 1000) {
    await rows.append(Array.from({ length: batchRows }, row));
    written += batchRows;
  }
  return written / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

export async function runUsageWritesBench(options: { postgres: boolean }): Promise<void> {
  const log = createMemoryLogger('warn');
  console.log(
    `\n## Usage writes, sustained (${batchRows}-row batches for ${seconds} s, ${rounds} rounds, stores in turn; rows, daily and hourly rollups in one transaction per batch)\n`,
  );
  const temp = makeTempDir();
  const database = options.postgres ? await startBenchDatabase() : null;
  const stores: { name: string; store: Store; close(): Promise<void> }[] = [];
  try {
    const sqlite = openSqliteStore(path.join(temp.dir, 'switchboard.db'), { log, clock: systemClock });
    stores.push({ name: 'SQLite', store: sqlite, close: async () => sqlite.close() });
    if (database) {
      const postgres = await openPostgresStore(database.url, {
        log,
        clock: systemClock,
        settings: createFileSettings(path.join(temp.dir, 'settings.json')),
      });
      stores.push({ name: 'PostgreSQL', store: postgres, close: () => (postgres.close(), postgres.closed) });
    }
    // Warm up statements, pages and the JIT.
    for (const { store } of stores) await store.usageRows.append(Array.from({ length: batchRows }, row));
    const perSecond = new Map<string, number[]>(stores.map(({ name }) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const { name, store } of stores) perSecond.get(name)!.push(await sustained(store.usageRows));
    }
    console.log('| store | median rows/s | slowest round | fastest round |');
    console.log('|---|---:|---:|---:|');
    for (const [name, list] of perSecond)
      console.log(`| ${name} | ${fmt(median(list))} | ${fmt(Math.min(...list))} | ${fmt(Math.max(...list))} |`);
    const onPostgres = perSecond.get('PostgreSQL');
    if (onPostgres) {
      const ratios = onPostgres.map((rate, i) => rate / perSecond.get('SQLite')![i]!);
      console.log(`\nPostgreSQL writes ${median(ratios).toFixed(2)}× SQLite's rows/s (median of the rounds' ratios).`);
    }
  } finally {
    for (const { close } of stores) await close();
    await database?.stop();
    temp.cleanup();
  }
}
