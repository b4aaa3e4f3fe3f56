import type pg from 'pg';
import type { UsageRecord, UsageTotals } from '../../../../shared/operations/usage';
import type { QuarantinedUsageRow, UsageRowsRepo } from '../usage-repo';
import { zeroTotals } from '../usage-shaping';
import type { PostgresDb } from './database';
import { named } from './sql';

/** The row columns in statement order, each with its array type for `unnest`. */
const rowColumns = [
  ['id', 'text'],
  ['at', 'timestamptz'],
  ['request_id', 'text'],
  ['project_id', 'text'],
  ['ai_provider_id', 'text'],
  ['provider', 'text'],
  ['auth_method', 'text'],
  ['token_id', 'text'],
  ['model', 'text'],
  ['endpoint', 'text'],
  ['streamed', 'boolean'],
  ['status', 'integer'],
  ['outcome', 'text'],
  ['input_tokens', 'bigint'],
  ['output_tokens', 'bigint'],
  ['cache_read_tokens', 'bigint'],
  ['cache_write_tokens', 'bigint'],
  ['cost_micro_usd', 'bigint'],
  ['latency_ms', 'integer'],
  ['ttfb_ms', 'integer'],
  ['labels', 'jsonb'],
  ['usage_unknown', 'boolean'],
] as const;

const rollupKeyColumns = ['day', 'project_id', 'provider', 'ai_provider_id', 'auth_method', 'model', 'token_id', 'pipeline'] as const;
const counterColumns = [
  'requests',
  'errors',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'cost_micro_usd',
  'unpriced_requests',
] as const;

const unnestOf = (types: readonly string[]) => `unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})`;

/** A whole batch in one statement; a request id already written (a retried batch) is skipped, and only new rows come back. */
const insertRows = named(
  'usage_insert',
  `INSERT INTO usage_records (${rowColumns.map(([name]) => name).join(', ')})
   SELECT * FROM ${unnestOf(rowColumns.map(([, type]) => type))}
   ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
);

/**
 * One upsert per batch with the sums per key, in the key order the caller sorted them in: two
 * gateways writing the same keys lock them in the same order and never deadlock.
 */
const upsertRollups = named(
  'usage_rollup_upsert',
  `INSERT INTO usage_daily (${[...rollupKeyColumns, ...counterColumns].join(', ')})
   SELECT * FROM ${unnestOf(['date', ...rollupKeyColumns.slice(1).map(() => 'text'), ...counterColumns.map(() => 'bigint')])}
   ON CONFLICT (${rollupKeyColumns.join(', ')}) DO UPDATE SET
   ${counterColumns.map((c) => `${c} = usage_daily.${c} + excluded.${c}`).join(', ')}`,
);

type RowValues = unknown[];

function valuesOf(r: UsageRecord): RowValues {
  const labels = JSON.stringify(r.labels);
  if (typeof labels !== 'string') throw new TypeError('labels must be an object');
  return [
    r.id,
    r.at,
    r.requestId,
    r.projectId,
    r.aiProviderId,
    r.provider,
    r.authMethod,
    r.tokenId,
    r.model,
    r.endpoint,
    r.streamed,
    r.status,
    r.outcome,
    r.inputTokens,
    r.outputTokens,
    r.cacheReadTokens,
    r.cacheWriteTokens,
    r.costMicroUsd,
    r.latencyMs,
    r.ttfbMs,
    labels,
    r.usageUnknown,
  ];
}

/** Column-wise arrays for `unnest`, one per column. */
function columnsOf(rows: readonly RowValues[], width: number): unknown[][] {
  const columns = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, i) => row.forEach((value, c) => (columns[c]![i] = value)));
  return columns;
}

type RollupSum = { key: string[] } & UsageTotals;

/** The rollup rows of the rows that were inserted, summed per key and sorted by key. */
function rollupsOf(rows: readonly UsageRecord[]): RollupSum[] {
  const sums = new Map<string, RollupSum>();
  for (const row of rows) {
    // '' stands for none, as in SQLite: the key stays total.
    const key = [
      row.at.slice(0, 10),
      row.projectId,
      row.provider,
      row.aiProviderId ?? '',
      row.authMethod,
      row.model ?? '',
      row.tokenId ?? '',
      row.labels.pipeline ?? '',
    ];
    const id = key.join('\u0000');
    let sum = sums.get(id);
    if (!sum) sums.set(id, (sum = { key, ...zeroTotals() }));
    sum.requests++;
    sum.errors += row.status >= 400 || row.outcome !== 'ok' ? 1 : 0;
    sum.inputTokens += row.inputTokens;
    sum.outputTokens += row.outputTokens;
    sum.cacheReadTokens += row.cacheReadTokens;
    sum.cacheWriteTokens += row.cacheWriteTokens;
    sum.costMicroUsd += row.costMicroUsd ?? 0;
    sum.unpricedRequests += row.costMicroUsd === null ? 1 : 0;
  }
  const ids = [...sums.keys()].sort();
  return ids.map((id) => sums.get(id)!);
}

function rollupValues(sums: readonly RollupSum[]): unknown[][] {
  const keys = rollupKeyColumns.map((_, k) => sums.map((s) => s.key[k]));
  const counters = (
    [
      'requests',
      'errors',
      'inputTokens',
      'outputTokens',
      'cacheReadTokens',
      'cacheWriteTokens',
      'costMicroUsd',
      'unpricedRequests',
    ] as const
  ).map((name) => sums.map((s) => s[name]));
  return [...keys, ...counters];
}

/** A data error (class 22) or a constraint (class 23): the row's fault, not the database's. */
function isRowRefusal(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

function asJson(row: UsageRecord): string {
  try {
    return JSON.stringify(row) ?? String(row);
  } catch {
    return String(row);
  }
}

/**
 * Usage rows on PostgreSQL: a batch is one transaction of two statements, the rows through
 * `unnest` (idempotent by request id) and the rollups of the rows actually inserted. When the
 * database refuses the batch because of a row, the batch is written again row by row, each under
 * a savepoint, and the refused rows go to quarantine.
 */
export function createPgUsageRows(db: PostgresDb, now: () => string): UsageRowsRepo {
  async function quarantine(client: pg.PoolClient, refused: QuarantinedUsageRow[], row: UsageRecord, error: unknown) {
    const requestId = typeof row?.requestId === 'string' ? row.requestId : '';
    const reason = (error as Error).message.slice(0, 300);
    await client.query('INSERT INTO usage_quarantine (quarantined_at, request_id, reason, row) VALUES ($1, $2, $3, $4)', [
      now(),
      requestId,
      reason,
      asJson(row),
    ]);
    refused.push({ requestId, reason });
  }

  async function insertedOf(client: pg.PoolClient, rows: readonly UsageRecord[], values: readonly RowValues[]): Promise<UsageRecord[]> {
    const { rows: landed } = await client.query<{ request_id: string }>(insertRows(columnsOf(values, rowColumns.length)));
    const ids = new Set(landed.map((r) => r.request_id));
    return rows.filter((row) => ids.delete(row.requestId));
  }

  async function writeBatch(client: pg.PoolClient, rows: readonly UsageRecord[], oneByOne: boolean): Promise<QuarantinedUsageRow[]> {
    const refused: QuarantinedUsageRow[] = [];
    const ready: UsageRecord[] = [];
    const values: RowValues[] = [];
    for (const row of rows) {
      try {
        values.push(valuesOf(row));
        ready.push(row);
      } catch (error) {
        if (!isRowRefusal(error)) throw error;
        await quarantine(client, refused, row, error);
      }
    }
    const inserted: UsageRecord[] = [];
    if (!oneByOne) {
      if (ready.length > 0) inserted.push(...(await insertedOf(client, ready, values)));
    } else {
      for (let i = 0; i < ready.length; i++) {
        await client.query('SAVEPOINT usage_row');
        try {
          inserted.push(...(await insertedOf(client, [ready[i]!], [values[i]!])));
          await client.query('RELEASE SAVEPOINT usage_row');
        } catch (error) {
          if (!isRowRefusal(error)) throw error;
          await client.query('ROLLBACK TO SAVEPOINT usage_row');
          await quarantine(client, refused, ready[i]!, error);
        }
      }
    }
    const sums = rollupsOf(inserted);
    if (sums.length > 0) await client.query(upsertRollups(rollupValues(sums)));
    return refused;
  }

  // Batches are applied in call order, as the interface promises, though the pool has many connections.
  let previous: Promise<unknown> = Promise.resolve();
  return {
    append(rows) {
      const write = async () => {
        try {
          return await db.transaction((client) => writeBatch(client, rows, false));
        } catch (error) {
          if (!isRowRefusal(error)) throw error;
          return db.transaction((client) => writeBatch(client, rows, true));
        }
      };
      const result = previous.then(write, write);
      previous = result.catch(() => undefined);
      return result;
    },
  };
}
