/**
 * A year of usage: 1,000,000 usage rows over 365 days (`--rows 10000000` for the request log's
 * target), rolled up into usage_daily, then
 *  - the Usage screen's reads (the year's time series stacked by model + summaries by model,
 *    provider and pipeline), cold and warm;
 *  - a year's export streamed over real HTTP, with the process's peak memory sampled meanwhile;
 *  - the request log: the first page of the last 24 hours, and of one pipeline over the year;
 *  - recording: microseconds per row the usage store spends writing rows as the recorder hands
 *    them over (batches of 1,000 onto the full table, rollups included).
 * Run: `npm run bench:usage` (optionally `-- --rows 200000`). Prints one JSON line of numbers.
 */
import { performance } from 'node:perf_hooks';
import { bootCore } from '../../electron/core/boot';
import type { Db } from '../../electron/core/db/sqlite/database';
import { startLocalServer } from '../../electron/core/gateway/local-server';
import { createLogger } from '../../electron/core/log';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import type { UsageRecord } from '../../shared/operations/usage';
import { timeOrderedUuid } from '../../electron/core/ids';
import { makeTempDir } from '../support/temp-dir';

const rowsArg = process.argv.indexOf('--rows');
const totalRows = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1_000_000;
const days = 365;
const yearStart = Date.UTC(2025, 0, 1);

const models = [
  ['anthropic', 'claude-sonnet-4', 3, 15],
  ['anthropic', 'claude-haiku-4', 1, 5],
  ['anthropic', 'claude-opus-4', 15, 75],
  ['openai', 'gpt-4.1', 2, 8],
  ['openai', 'gpt-4.1-mini', 0.4, 1.6],
  ['openai', 'o3', 2, 8],
  ['google', 'gemini-2.5-pro', 1.25, 10],
  ['ollama', 'llama3.1', null, null],
] as const;

/** Inserts raw usage rows, then rolls them up with one GROUP BY (the bulk form of the recorder's upsert). */
function seed(db: Db, projectIds: string[]): { insertMs: number; rollupMs: number; rollupRows: number; hasPipeline: boolean } {
  // The pipeline label is a column of its own since the request log (it is indexed for its filter).
  const hasPipeline =
    (db.prepare("SELECT COUNT(*) FROM pragma_table_info('usage_records') WHERE name = 'pipeline'").pluck().get() as number) > 0;
  const insert = db.prepare(`INSERT INTO usage_records (id, at, request_id, project_id, ai_provider_id, provider, auth_method,
    token_id, model, endpoint, streamed, status, outcome, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
    cost_micro_usd, latency_ms, ttfb_ms, labels${hasPipeline ? ', pipeline' : ''})
    VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, '/v1/messages', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?${hasPipeline ? ', ?' : ''})`);
  let seedState = 42;
  const random = () => (seedState = (seedState * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const started = performance.now();
  const batch = 50_000;
  for (let offset = 0; offset < totalRows; offset += batch) {
    db.transaction(() => {
      for (let i = offset; i < Math.min(offset + batch, totalRows); i++) {
        const [provider, model, inPrice, outPrice] = models[Math.floor(random() * models.length)]!;
        const token = Math.floor(random() * 60);
        const atMs = yearStart + Math.floor((i / totalRows) * days * 86_400_000);
        const at = new Date(atMs).toISOString();
        const input = 200 + Math.floor(random() * 4000);
        const output = 50 + Math.floor(random() * 1500);
        const status = random() < 0.02 ? 529 : 200;
        const cost = inPrice === null ? null : Math.round(input * inPrice + output * outPrice);
        insert.run(
          `use_${i}`,
          at,
          timeOrderedUuid(atMs),
          projectIds[token % projectIds.length],
          provider,
          token % 7 === 0 ? 'hosted' : 'byo',
          `tok_bench${String(token).padStart(16, '0')}`,
          model,
          i % 3 === 0 ? 1 : 0,
          status,
          status === 200 ? 'ok' : 'upstream_error',
          input,
          output,
          Math.floor(input / 4),
          cost,
          300 + Math.floor(random() * 3000),
          120,
          JSON.stringify({ pipeline: `pipeline-${token % 20}`, build: String(i % 997) }),
          ...(hasPipeline ? [`pipeline-${token % 20}`] : []),
        );
      }
    })();
  }
  const inserted = performance.now();
  db.exec(`INSERT INTO usage_daily SELECT substr(at, 1, 10), project_id, provider, COALESCE(ai_provider_id, ''), auth_method,
      COALESCE(model, ''), COALESCE(token_id, ''), COALESCE(json_extract(labels, '$.pipeline'), ''),
      COUNT(*), SUM(status >= 400), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens),
      COALESCE(SUM(cost_micro_usd), 0), SUM(cost_micro_usd IS NULL)
    FROM usage_records GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`);
  const rollupRows = db.prepare('SELECT COUNT(*) FROM usage_daily').pluck().get() as number;
  return { insertMs: Math.round(inserted - started), rollupMs: Math.round(performance.now() - inserted), rollupRows, hasPipeline };
}

async function usageScreen(invoke: (name: string, input: unknown) => Promise<unknown>): Promise<number> {
  const view = { from: '2025-01-01', to: '2025-12-31' };
  const started = performance.now();
  await Promise.all([
    invoke('getUsageTimeSeries', { ...view, groupBy: 'model' }),
    invoke('getUsageSummary', { ...view, groupBy: 'model' }),
    invoke('getUsageSummary', { ...view, groupBy: 'provider' }),
    invoke('getUsageSummary', { ...view, groupBy: 'pipeline' }),
  ]);
  return performance.now() - started;
}

/** The Requests screen's first page: the last 24 hours of the year, and one pipeline over the whole year. Median of 5 each, after a cold first call. */
async function requestLog(invoke: (name: string, input: unknown) => Promise<unknown>) {
  const lastDay = { since: '2025-12-31T00:00:00Z', until: '2026-01-01T00:00:00Z', limit: 100 };
  const pipelineYear = { since: '2025-01-01T00:00:00Z', until: '2026-01-01T00:00:00Z', pipeline: 'pipeline-7', limit: 100 };
  const pipelineDay = { ...lastDay, pipeline: 'pipeline-7' };
  const time = async (input: unknown) => {
    const started = performance.now();
    const page = (await invoke('listRequests', input)) as { items: unknown[] };
    if (page.items.length === 0) throw new Error('expected a page of requests, got none');
    return performance.now() - started;
  };
  const measure = async (input: unknown) => {
    const cold = await time(input);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(await time(input));
    return { cold: Math.round(cold * 10) / 10, median: Math.round(warm.sort((a, b) => a - b)[2]! * 10) / 10 };
  };
  return { last24h: await measure(lastDay), pipelineYear: await measure(pipelineYear), pipelineLast24h: await measure(pipelineDay) };
}

/** Rows as the meter makes them, written the way the recorder hands them over; microseconds per row. */
async function recordingCost(core: Awaited<ReturnType<typeof bootCore>>, projectId: string): Promise<number> {
  const start = Date.UTC(2025, 11, 31, 12);
  const row = (i: number): UsageRecord => ({
    id: `use_rec${String(i).padStart(19, '0')}`,
    at: new Date(start + i * 10).toISOString(),
    requestId: timeOrderedUuid(start + i * 10),
    projectId,
    aiProviderId: 'aip_benchprovider0000000',
    provider: 'anthropic',
    authMethod: 'byo',
    tokenId: `tok_bench${String(i % 60).padStart(16, '0')}`,
    model: models[i % models.length]![1],
    endpoint: '/v1/messages',
    streamed: i % 3 === 0,
    status: i % 50 === 0 ? 529 : 200,
    outcome: i % 50 === 0 ? 'upstream_error' : 'ok',
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
    errorMessage: i % 50 === 0 ? 'Overloaded' : null,
    gatewayId: null,
  });
  const batch = 1000;
  const write = async (from: number, count: number) => {
    for (let offset = from; offset < from + count; offset += batch) {
      await core.store.usageRows.append(Array.from({ length: batch }, (_, j) => row(offset + j)));
    }
  };
  await write(0, 20_000); // warm-up: statements prepared, pages cached
  const rows = 200_000;
  const started = performance.now();
  await write(20_000, rows);
  return Math.round(((performance.now() - started) * 1000 * 100) / rows) / 100;
}

async function main() {
  const temp = makeTempDir('switchboard-bench-');
  const core = await bootCore({ dataDir: temp.dir, mode: 'headless', log: createLogger({ level: 'error' }), vault: createMemoryVault() });
  try {
    const defaultProject = core.db.prepare('SELECT id FROM projects WHERE is_default = 1').pluck().get() as string;
    core.db
      .prepare(
        "INSERT INTO projects (id, name, is_default, created_at, updated_at) VALUES ('prj_benchsecondproject00', 'Second', 0, '', '')",
      )
      .run();
    const seeded = seed(core.db, [defaultProject, 'prj_benchsecondproject00']);

    const invoke = (name: string, input: unknown) => core.invoke(name, input, adminSessionActor);
    const cold = await usageScreen(invoke);
    // Live traffic: a recorder flush lands between two polls, so nothing cached may be reused.
    const flush = core.db.prepare(
      "UPDATE usage_daily SET requests = requests + 1 WHERE day = '2025-12-31' AND token_id = 'tok_bench0000000000000000'",
    );
    const afterWrite: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < 5; i++) {
      flush.run();
      afterWrite.push(await usageScreen(invoke));
      cached.push(await usageScreen(invoke));
    }
    const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);
    const requestLogMs = seeded.hasPipeline ? await requestLog(invoke) : null;

    const server = await startLocalServer(core, { port: 0, uiDir: temp.dir });
    const login = await fetch(server.loginUrl, { redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 5);
    const exportStarted = performance.now();
    const response = await fetch(`${server.apiBaseUrl}/usage/export?from=2025-01-01&to=2025-12-31&groupBy=token&format=csv`, {
      headers: { cookie },
    });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body!) {
      bytes += chunk.byteLength;
      for (const byte of chunk) if (byte === 10) lines++;
    }
    const exportMs = performance.now() - exportStarted;
    clearInterval(sampler);
    await server.close(100);
    const recordingUsPerRow = await recordingCost(core, defaultProject);

    const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
    console.log(
      JSON.stringify({
        usageRows: totalRows,
        rollupRows: seeded.rollupRows,
        seedInsertMs: seeded.insertMs,
        seedRollupMs: seeded.rollupMs,
        usageScreenColdMs: Math.round(cold),
        usageScreenAfterWriteMedianMs: median(afterWrite),
        usageScreenCachedMedianMs: median(cached),
        exportRows: lines - 1,
        exportMB: mb(bytes),
        exportMs: Math.round(exportMs),
        exportPeakRssDeltaMB: mb(peakRss - baseline.rss),
        exportPeakHeapDeltaMB: mb(peakHeap - baseline.heapUsed),
        requestLogMs,
        recordingUsPerRow,
      }),
    );
  } finally {
    core.close();
    if (process.env.KEEP_BENCH_DB) console.error(`kept ${temp.dir}`);
    else temp.cleanup();
  }
}

await main();
