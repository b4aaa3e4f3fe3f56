import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageRecord } from '../../shared/operations/usage';
import { openPostgresStore, type PostgresStore } from '../../electron/core/db/postgres/postgres-store';
import { copyUsageRows } from '../../electron/core/db/postgres/usage-copy';
import { writeUsageBatch } from '../../electron/core/db/postgres/usage-write-statement';
import { createMemoryLogger } from '../../electron/core/log';
import { createTestDatabase, memorySettings, withClient, type TestDatabase } from '../support/postgres-database';
import { testClock } from '../support/test-clock';
import { twoDaysByModel } from '../support/usage-views';

const usage = (i: number, fields: Partial<UsageRecord> = {}): UsageRecord => ({
  id: `usr_${String(i).padStart(22, '0')}`,
  at: new Date(Date.UTC(2026, 0, 1 + (i % 2), i % 24, 30)).toISOString(),
  requestId: `req_${String(i).padStart(6, '0')}`,
  projectId: 'prj_usage',
  aiProviderId: i % 4 === 0 ? null : 'aip_x',
  provider: 'anthropic',
  authMethod: 'byo',
  tokenId: `tok_${i % 3}`,
  model: i % 5 === 0 ? null : `model-${i % 2}`,
  endpoint: '/v1/messages',
  streamed: false,
  status: i % 10 === 0 ? 500 : 200,
  outcome: i % 10 === 0 ? 'upstream_error' : 'ok',
  inputTokens: 10 + i,
  outputTokens: 5,
  cacheReadTokens: i % 7,
  cacheWriteTokens: 1,
  costMicroUsd: i % 6 === 0 ? null : 35 + i,
  usageUnknown: false,
  latencyMs: 3,
  ttfbMs: 1,
  labels: i % 3 === 0 ? {} : { pipeline: `p${i % 2}` },
  routeId: null,
  attempts: 1,
  attemptLog: null,
  route: 'anthropic',
  overheadMs: 1,
  errorMessage: null,
  gatewayId: i % 2 === 0 ? null : 'gw_aaaaaaaaaaaaaaaa',
  ...fields,
});

/** Runs `work` in a transaction on `client`, rolled back if it throws. */
async function inTransaction(client: pg.Client, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => usage(from + i));

/** A rollup table as text rows, keys in order. */
const rollupKey = `project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline, gateway_id`;
const counters = `requests, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests`;
const bucketsOfRows = {
  usage_daily: `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  usage_hourly: `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":00Z"')`,
};
const bucketsOfRollups = {
  usage_daily: `to_char(day, 'YYYY-MM-DD')`,
  usage_hourly: `to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":00Z"')`,
};

/** The rollup table as stored, and as summed again from the raw rows: they must be equal. */
async function rollupsAndSums(url: string, table: 'usage_daily' | 'usage_hourly') {
  return withClient(url, async (client) => {
    const stored = await client.query(
      `SELECT ${bucketsOfRollups[table]} AS bucket, ${rollupKey}, ${counters.replace(/(\w+)/g, '$1::text')} FROM ${table} ORDER BY 1, ${rollupKey}`,
    );
    const summed = await client.query(
      `SELECT ${bucketsOfRows[table]} AS bucket, project_id, provider, COALESCE(ai_provider_id, '') AS ai_provider_id, auth_method,
         COALESCE(model, '') AS model, COALESCE(token_id, '') AS token_id, COALESCE(pipeline, '') AS pipeline,
         COALESCE(gateway_id, '') AS gateway_id,
         count(*)::text AS requests, (count(*) FILTER (WHERE status >= 400 OR outcome <> 'ok'))::text AS errors,
         sum(input_tokens)::text AS input_tokens, sum(output_tokens)::text AS output_tokens,
         sum(cache_read_tokens)::text AS cache_read_tokens, sum(cache_write_tokens)::text AS cache_write_tokens,
         COALESCE(sum(cost_micro_usd), 0)::text AS cost_micro_usd, (count(*) FILTER (WHERE cost_micro_usd IS NULL))::text AS unpriced_requests
       FROM usage_records GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, ${rollupKey}`,
    );
    return { stored: stored.rows, summed: summed.rows };
  });
}

async function rowCounts(url: string): Promise<{ rows: number; requestIds: number }> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ rows: number; request_ids: number }>(
      'SELECT count(*)::int AS rows, count(DISTINCT request_id)::int AS request_ids FROM usage_records',
    );
    return { rows: rows[0]!.rows, requestIds: rows[0]!.request_ids };
  });
}

describe('usage writes on PostgreSQL', () => {
  let database: TestDatabase;
  const log = createMemoryLogger();
  const open = () => openPostgresStore(database.url, { log, clock: testClock(), settings: memorySettings() });
  const stores: PostgresStore[] = [];
  const opened = async () => {
    const store = await open();
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const store of stores) {
      store.close();
      await store.closed;
    }
    await database?.drop();
  });

  it('writes each request id once from a batch holding duplicates and rows already stored, and rolls up only what it inserted', async () => {
    const store = await opened();
    expect(await store.usageRows.append(range(0, 100))).toEqual([]);
    // Half already stored, one request twice in the batch itself, and 50 new ones.
    const batch = [...range(50, 150), usage(120), usage(149)];
    expect(await store.usageRows.append(batch)).toEqual([]);
    expect(await store.usageRows.append(range(0, 150))).toEqual([]);

    expect(await rowCounts(database.url)).toEqual({ rows: 150, requestIds: 150 });
    for (const table of ['usage_daily', 'usage_hourly'] as const) {
      const { stored, summed } = await rollupsAndSums(database.url, table);
      expect(stored.length).toBeGreaterThan(10);
      expect(stored).toEqual(summed);
    }
    expect((await store.usageReports.summary(twoDaysByModel)).totals.requests).toBe(150);
  });

  it('answers appends queued behind a write together, each with its own refused rows', async () => {
    const store = await opened();
    const refusedRow = usage(1001, { status: null as unknown as number });
    const answers = await Promise.all([
      store.usageRows.append(range(1000, 1001)),
      store.usageRows.append([refusedRow, ...range(1002, 1010)]),
      store.usageRows.append(range(1010, 1020)),
    ]);
    expect(answers[0]).toEqual([]);
    expect(answers[1]).toEqual([{ requestId: refusedRow.requestId, reason: expect.stringContaining('status') }]);
    expect(answers[2]).toEqual([]);
    const landed = await withClient(database.url, async (client) => {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM usage_records WHERE request_id LIKE 'req_001%'");
      const quarantined = await client.query<{ request_id: string }>('SELECT request_id FROM usage_quarantine');
      return { rows: rows[0]!.n, quarantined: quarantined.rows.map((r) => r.request_id) };
    });
    expect(landed).toEqual({ rows: 19, quarantined: [refusedRow.requestId] });
    const { stored, summed } = await rollupsAndSums(database.url, 'usage_daily');
    expect(stored).toEqual(summed);
  });

  it('never deadlocks two gateways writing the same request ids and rollup keys in opposite orders', async () => {
    const [first, second] = [await opened(), await opened()];
    for (let round = 0; round < 8; round++) {
      const rows = range(2000 + round * 200, 2200 + round * 200);
      // Each gateway writes several batches at once, over its own connections.
      await Promise.all([
        ...[0, 1, 2].map(() => first.usageRows.append(rows)),
        ...[0, 1, 2].map(() => second.usageRows.append([...rows].reverse())),
      ]);
    }
    const counts = await rowCounts(database.url);
    expect(counts.rows).toBe(counts.requestIds);
    for (const table of ['usage_daily', 'usage_hourly'] as const) {
      const { stored, summed } = await rollupsAndSums(database.url, table);
      expect(stored).toEqual(summed);
    }
  });

  it("buckets rollups by UTC day and hour whatever the database's time zone", async () => {
    await withClient(database.url, (client) => client.query(`ALTER DATABASE ${database.name} SET timezone = 'Asia/Kolkata'`));
    const store = await opened();
    // 20:00 UTC is 01:30 the next day in Kolkata.
    await store.usageRows.append([usage(9000, { at: '2026-03-01T20:00:00.000Z', tokenId: 'tok_tz' })]);
    const buckets = await withClient(database.url, async (client) => {
      const daily = await client.query<{ day: string }>(
        "SELECT to_char(day, 'YYYY-MM-DD') AS day FROM usage_daily WHERE token_id = 'tok_tz'",
      );
      const hourly = await client.query<{ hour: string }>(
        `SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS hour FROM usage_hourly WHERE token_id = 'tok_tz'`,
      );
      return { days: daily.rows.map((r) => r.day), hours: hourly.rows.map((r) => r.hour) };
    });
    expect(buckets).toEqual({ days: ['2026-03-01'], hours: ['2026-03-01T20:00'] });
  });

  it('copies a batch exactly as the batch statement stores the same rows, and refuses one holding a stored request id', async () => {
    const awkward = (i: number, requestId: string): UsageRecord =>
      usage(i, {
        requestId,
        tokenId: 'tok_awkward',
        model: 'modèle\tà\\part',
        errorMessage: 'line one\nline two\r\n\ttabbed \\N not null, 😀',
        labels: { pipeline: 'ci\tnightly', team: 'a\\b\nc', empty: '' },
        attemptLog: [
          { aiProviderId: 'aip_x', status: 503, errorCode: 'http_503', durationMs: 4, provider: 'openai', model: 'm\t1', startMs: 0 },
        ],
        routeId: 'rte_x',
        costMicroUsd: null,
      });
    const ids = [5000, 5001, 5002];
    const copied = ids.map((i) => awkward(i, `copy_${i}`));
    const twins = ids.map((i) => awkward(i, `stmt_${i}`));
    const fieldsOf = async (client: pg.Client, prefix: string) =>
      (
        await client.query<{ fields: Record<string, unknown> }>(
          `SELECT to_jsonb(u) - 'seq' - 'request_id' AS fields FROM usage_records u WHERE request_id LIKE $1 ORDER BY request_id`,
          [`${prefix}%`],
        )
      ).rows.map((r) => r.fields);

    await withClient(database.url, async (client) => {
      await inTransaction(client, () => copyUsageRows(client, copied));
      await client.query(writeUsageBatch([JSON.stringify(twins)]));
      const [fromCopy, fromStatement] = [await fieldsOf(client, 'copy_'), await fieldsOf(client, 'stmt_')];
      expect(fromCopy).toHaveLength(3);
      expect(fromCopy).toEqual(fromStatement);
      expect(fromCopy[0]).toMatchObject({ model: 'modèle\tà\\part', pipeline: 'ci\tnightly', error_message: copied[0]!.errorMessage });

      // Both ways rolled up the same three rows each: the rollup holds twice the statement's own sums.
      const { rows } = await client.query<{ requests: string; errors: string; unpriced: string }>(
        `SELECT sum(requests)::text AS requests, sum(errors)::text AS errors, sum(unpriced_requests)::text AS unpriced
           FROM usage_hourly WHERE token_id = 'tok_awkward'`,
      );
      expect(rows[0]).toEqual({
        requests: '6',
        errors: String(2 * twins.filter((t) => t.status >= 400 || t.outcome !== 'ok').length),
        unpriced: '6',
      });

      // A batch holding a stored request id fails whole: the repository then takes the idempotent statement.
      const again = inTransaction(client, () => copyUsageRows(client, [awkward(5003, 'copy_5003'), copied[1]!]));
      await expect(again).rejects.toMatchObject({ code: '23505' });
      expect(await fieldsOf(client, 'copy_')).toHaveLength(3);
    });
  });

  it('writes a row whose time is in another form by the statement, bucketed in its UTC hour', async () => {
    const store = await opened();
    // 01:30 at +05:30 is 20:00 UTC the day before: its first 13 characters are not its UTC hour.
    await store.usageRows.append([usage(9100, { at: '2026-03-02T01:30:00+05:30', tokenId: 'tok_offset' })]);
    const hours = await withClient(database.url, async (client) => {
      const { rows } = await client.query<{ hour: string }>(
        `SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS hour FROM usage_hourly WHERE token_id = 'tok_offset'`,
      );
      return rows.map((r) => r.hour);
    });
    expect(hours).toEqual(['2026-03-01T20:00']);
  });
});
