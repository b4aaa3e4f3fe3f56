/**
 * Sustained usage writes, rows with their daily rollups, on each store: batches as the usage
 * recorder makes them under load, written one after another for a fixed time. Rows spread over
 * 8 models × 5 pipelines × 5 tokens × 2 days (400 rollup keys), as a busy team's would.
 */
import path from 'node:path';
import type { UsageRecord } from '../../shared/operations/usage';
import { createFileSettings } from '../../electron/core/db/file-settings';
import { openPostgresStore } from '../../electron/core/db/postgres/postgres-store';
import { openSqliteStore } from '../../electron/core/db/sqlite/sqlite-store';
import type { Store } from '../../electron/core/db/store';
import { createMemoryLogger } from '../../electron/core/log';
import { systemClock } from '../../electron/core/clock';
import { makeTempDir } from '../support/temp-dir';
import { startBenchDatabase } from './proxy/bench-database';

const seconds = Number(process.env.BENCH_USAGE_SECONDS ?? 5);
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

async function sustained(store: Store): Promise<{ rows: number; perSecond: number }> {
  await store.usageRows.append(Array.from({ length: batchRows }, row)); // warm up statements and pages
  const started = performance.now();
  let rows = 0;
  while (performance.now() - started < seconds * 1000) {
    await store.usageRows.append(Array.from({ length: batchRows }, row));
    rows += batchRows;
  }
  return { rows, perSecond: rows / ((performance.now() - started) / 1000) };
}

export async function runUsageWritesBench(options: { postgres: boolean }): Promise<void> {
  const log = createMemoryLogger('warn');
  console.log(`\n## Usage writes, sustained (${batchRows}-row batches for ${seconds} s, rows and rollups in one transaction each)\n`);
  console.log('| store | rows | rows/s |');
  console.log('|---|---:|---:|');
  const temp = makeTempDir();
  const sqlite = openSqliteStore(path.join(temp.dir, 'switchboard.db'), { log, clock: systemClock });
  const onSqlite = await sustained(sqlite);
  sqlite.close();
  console.log(`| SQLite | ${onSqlite.rows.toLocaleString('en')} | ${Math.round(onSqlite.perSecond).toLocaleString('en')} |`);
  if (!options.postgres) return temp.cleanup();
  const database = await startBenchDatabase();
  try {
    const postgres = await openPostgresStore(database.url, {
      log,
      clock: systemClock,
      settings: createFileSettings(path.join(temp.dir, 'settings.json')),
    });
    const onPostgres = await sustained(postgres);
    postgres.close();
    await postgres.closed;
    console.log(`| PostgreSQL | ${onPostgres.rows.toLocaleString('en')} | ${Math.round(onPostgres.perSecond).toLocaleString('en')} |`);
    console.log(`\nPostgreSQL writes ${(onPostgres.perSecond / onSqlite.perSecond).toFixed(2)}× SQLite's rows/s.`);
  } finally {
    await database.stop();
    temp.cleanup();
  }
}
