import type pg from 'pg';
import type { UsageRecord, UsageTotals } from '../../../../shared/operations/usage';
import type { QuarantinedUsageRow, UsageRowsRepo } from '../usage-repo';
import { zeroTotals } from '../usage-shaping';
import type { PostgresDb } from './database';
import { named } from './sql';

/** Each row column with its type, and the `UsageRecord` field it is read from (in the JSON a batch travels as). */
const rowColumns = [
  ['id', 'text', 'id'],
  ['at', 'timestamptz', 'at'],
  ['request_id', 'text', 'requestId'],
  ['project_id', 'text', 'projectId'],
  ['ai_provider_id', 'text', 'aiProviderId'],
  ['provider', 'text', 'provider'],
  ['auth_method', 'text', 'authMethod'],
  ['token_id', 'text', 'tokenId'],
  ['model', 'text', 'model'],
  ['endpoint', 'text', 'endpoint'],
  ['streamed', 'boolean', 'streamed'],
  ['status', 'integer', 'status'],
  ['outcome', 'text', 'outcome'],
  ['input_tokens', 'bigint', 'inputTokens'],
  ['output_tokens', 'bigint', 'outputTokens'],
  ['cache_read_tokens', 'bigint', 'cacheReadTokens'],
  ['cache_write_tokens', 'bigint', 'cacheWriteTokens'],
  ['cost_micro_usd', 'bigint', 'costMicroUsd'],
  ['latency_ms', 'integer', 'latencyMs'],
  ['ttfb_ms', 'integer', 'ttfbMs'],
  ['labels', 'jsonb', 'labels'],
  ['usage_unknown', 'boolean', 'usageUnknown'],
  ['route_id', 'text', 'routeId'],
  ['attempts', 'integer', 'attempts'],
  ['attempt_log', 'jsonb', 'attemptLog'],
  ['route', 'text', 'route'],
  ['overhead_ms', 'integer', 'overheadMs'],
  ['error_message', 'text', 'errorMessage'],
  ['gateway_id', 'text', 'gatewayId'],
] as const;

const rollupColumns = [
  ['day', 'date', 'day'],
  ['project_id', 'text', 'projectId'],
  ['provider', 'text', 'provider'],
  ['ai_provider_id', 'text', 'aiProviderId'],
  ['auth_method', 'text', 'authMethod'],
  ['model', 'text', 'model'],
  ['token_id', 'text', 'tokenId'],
  ['pipeline', 'text', 'pipeline'],
  ['gateway_id', 'text', 'gatewayId'],
  ['requests', 'bigint', 'requests'],
  ['errors', 'bigint', 'errors'],
  ['input_tokens', 'bigint', 'inputTokens'],
  ['output_tokens', 'bigint', 'outputTokens'],
  ['cache_read_tokens', 'bigint', 'cacheReadTokens'],
  ['cache_write_tokens', 'bigint', 'cacheWriteTokens'],
  ['cost_micro_usd', 'bigint', 'costMicroUsd'],
  ['unpriced_requests', 'bigint', 'unpricedRequests'],
] as const;
const rollupKeyCount = 9;

/**
 * A batch travels as one JSON array of the records themselves: serialising it is one native
 * `JSON.stringify`, where 22 parameter arrays would be escaped value by value in JavaScript, and
 * `json_to_recordset` reads it back in order with each column's type.
 */
const fromJson = (columns: ReadonlyArray<readonly [string, string, string]>) =>
  `SELECT ${columns.map(([, , field]) => `r."${field}"`).join(', ')}
   FROM json_to_recordset($1::json) AS r(${columns.map(([, type, field]) => `"${field}" ${type}`).join(', ')})`;

/** A whole batch in one statement; a request id already written (a retried batch) is skipped, and only new rows come back. */
const insertRows = named(
  'usage_insert',
  // The pipeline label is also a column of its own (the request log's pipeline filter), read from the labels.
  `INSERT INTO usage_records (${rowColumns.map(([name]) => name).join(', ')}, pipeline)
   ${fromJson(rowColumns).replace(' FROM json_to_recordset', `, r."labels"->>'pipeline' FROM json_to_recordset`)}
   ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
);

/**
 * One upsert per batch with the sums per key, in the key order the caller sorted them in: two
 * gateways writing the same keys lock them in the same order and never deadlock.
 */
const upsertRollups = named(
  'usage_rollup_upsert',
  `INSERT INTO usage_daily (${rollupColumns.map(([name]) => name).join(', ')})
   ${fromJson(rollupColumns)}
   ON CONFLICT (${rollupColumns
     .slice(0, rollupKeyCount)
     .map(([name]) => name)
     .join(', ')}) DO UPDATE SET
   ${rollupColumns
     .slice(rollupKeyCount)
     .map(([name]) => `${name} = usage_daily.${name} + excluded.${name}`)
     .join(', ')}`,
);

/** The same sums one level finer: hours are UTC instants (`2026-03-01T13:00:00Z`). */
const hourlyColumns = [['hour', 'timestamptz', 'day'], ...rollupColumns.slice(1)] as const;
const upsertHourly = named(
  'usage_hourly_upsert',
  `INSERT INTO usage_hourly (${hourlyColumns.map(([name]) => name).join(', ')})
   ${fromJson(hourlyColumns)}
   ON CONFLICT (${hourlyColumns
     .slice(0, rollupKeyCount)
     .map(([name]) => name)
     .join(', ')}) DO UPDATE SET
   ${hourlyColumns
     .slice(rollupKeyCount)
     .map(([name]) => `${name} = usage_hourly.${name} + excluded.${name}`)
     .join(', ')}`,
);

/** One row as JSON text; a row that cannot be written as JSON is refused on its own. */
function jsonOf(r: UsageRecord): string {
  const text = JSON.stringify(r);
  if (typeof text !== 'string' || typeof r.labels !== 'object' || r.labels === null) throw new TypeError('not a usage record');
  return text;
}

const jsonArray = (parts: readonly string[]) => `[${parts.join(',')}]`;

type RollupSum = {
  day: string;
  projectId: string;
  provider: string;
  aiProviderId: string;
  authMethod: string;
  model: string;
  tokenId: string;
  pipeline: string;
  gatewayId: string;
} & UsageTotals;

/** The rollup rows of the rows that were inserted, summed per key and sorted by key. */
function rollupsOf(rows: readonly UsageRecord[], grain: 'day' | 'hour' = 'day'): RollupSum[] {
  const sums = new Map<string, RollupSum>();
  for (const row of rows) {
    // '' stands for none, as in SQLite: the key stays total.
    const key = {
      day: grain === 'hour' ? `${row.at.slice(0, 13)}:00:00Z` : row.at.slice(0, 10),
      projectId: row.projectId,
      provider: row.provider,
      aiProviderId: row.aiProviderId ?? '',
      authMethod: row.authMethod,
      model: row.model ?? '',
      tokenId: row.tokenId ?? '',
      pipeline: row.labels.pipeline ?? '',
      gatewayId: row.gatewayId ?? '',
    };
    const id = Object.values(key).join('\u0000');
    let sum = sums.get(id);
    if (!sum) sums.set(id, (sum = { ...key, ...zeroTotals() }));
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

  async function insertedOf(client: pg.PoolClient, rows: readonly UsageRecord[], json: readonly string[]): Promise<UsageRecord[]> {
    const { rows: landed } = await client.query<{ request_id: string }>(insertRows([jsonArray(json)]));
    const ids = new Set(landed.map((r) => r.request_id));
    return rows.filter((row) => ids.delete(row.requestId));
  }

  async function writeBatch(client: pg.PoolClient, rows: readonly UsageRecord[], oneByOne: boolean): Promise<QuarantinedUsageRow[]> {
    const refused: QuarantinedUsageRow[] = [];
    const ready: UsageRecord[] = [];
    const values: string[] = [];
    for (const row of rows) {
      try {
        values.push(jsonOf(row));
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
    if (sums.length > 0) await client.query(upsertRollups([JSON.stringify(sums)]));
    const hourly = rollupsOf(inserted, 'hour');
    if (hourly.length > 0) await client.query(upsertHourly([JSON.stringify(hourly)]));
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
