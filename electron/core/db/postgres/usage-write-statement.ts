import { named } from './sql';

/**
 * The statement that writes a batch of usage rows and their daily and hourly rollups: one round
 * trip, one implicit transaction. It is built from the column lists below, so a new column of the
 * rows or of the rollups' key is one line here.
 */

/** A `usage_records` column, its type in the batch's JSON, and the `UsageRecord` field it is read from. */
type RowColumn = readonly [column: string, type: string, field: string];

export const usageRowColumns: readonly RowColumn[] = [
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
];

/** Row columns computed from others: the pipeline label also has a column of its own (the request log's filter). */
const derivedRowColumns: readonly (readonly [column: string, expression: string])[] = [['pipeline', `r."labels"->>'pipeline'`]];

/** The rollups' key after its time bucket, as computed from an inserted row ('' stands for none, as in SQLite). */
export const rollupKeyColumns: readonly (readonly [column: string, expression: string])[] = [
  ['project_id', 'project_id'],
  ['provider', 'provider'],
  ['ai_provider_id', `COALESCE(ai_provider_id, '')`],
  ['auth_method', 'auth_method'],
  ['model', `COALESCE(model, '')`],
  ['token_id', `COALESCE(token_id, '')`],
  ['pipeline', `COALESCE(pipeline, '')`],
  ['gateway_id', `COALESCE(gateway_id, '')`],
];

/** The rollups' counters, each the sum over the inserted rows of its key; an upsert adds them to what is stored. */
export const rollupSumColumns: readonly (readonly [column: string, aggregate: string])[] = [
  ['requests', 'count(*)'],
  ['errors', `count(*) FILTER (WHERE status >= 400 OR outcome <> 'ok')`],
  ['input_tokens', 'sum(input_tokens)'],
  ['output_tokens', 'sum(output_tokens)'],
  ['cache_read_tokens', 'sum(cache_read_tokens)'],
  ['cache_write_tokens', 'sum(cache_write_tokens)'],
  ['cost_micro_usd', 'COALESCE(sum(cost_micro_usd), 0)'],
  ['unpriced_requests', 'count(*) FILTER (WHERE cost_micro_usd IS NULL)'],
];

/** Each rollup table with its time bucket, in UTC whatever the session's time zone. */
export const rollupGrains = [
  { table: 'usage_daily', bucket: 'day', of: `(at AT TIME ZONE 'UTC')::date` },
  { table: 'usage_hourly', bucket: 'hour', of: `date_trunc('hour', at, 'UTC')` },
] as const;

/** The counters summed again from rows that are sums already (a batch's hourly sums). */
const rollupSumsOfSums = rollupSumColumns.map(([column]) => [column, `sum(${column})`] as const);

/**
 * A rollup's upsert from the rows of the step `from` (inserted rows, or hourly sums), each counter by
 * its aggregate in `counters`: summed per key, in key order, so two gateways writing the same keys
 * lock them in the same order and never deadlock.
 */
function rollupUpsert(
  grain: (typeof rollupGrains)[number],
  from: string,
  counters: typeof rollupSumsOfSums | typeof rollupSumColumns,
): string {
  const keys = [grain.bucket, ...rollupKeyColumns.map(([column]) => column)];
  const positions = keys.map((_, i) => i + 1).join(', ');
  // Byte order ("C"): the same order for every writer, without the cost of the database's collation.
  const keyExpressions = [grain.of, ...rollupKeyColumns.map(([, expression]) => `${expression} COLLATE "C"`)];
  return `INSERT INTO ${grain.table} (${[...keys, ...counters.map(([column]) => column)].join(', ')})
    SELECT ${[...keyExpressions, ...counters.map(([, aggregate]) => aggregate)].join(', ')}
    FROM ${from} GROUP BY ${positions} ORDER BY ${positions}
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET
    ${counters.map(([column]) => `${column} = ${grain.table}.${column} + excluded.${column}`).join(', ')}`;
}

/**
 * The rollup upserts as `WITH` steps over a step named `inserted` (the rows a statement just
 * inserted): the batch writer's and the team import's one definition of how rows roll up.
 */
export const rollupsOfInserted = rollupGrains
  .map((grain) => `${grain.bucket}_rollups AS (${rollupUpsert(grain, 'inserted', rollupSumColumns)})`)
  .join(',\n  ');

/**
 * The batch travels as one JSON array of the records themselves (one native `JSON.stringify`; 29
 * parameter arrays would be escaped element by element in JavaScript, several times the CPU of
 * the proxy's process). Rows go in time order, then request-id order (the same for every writer: both are the row's
 * own), so two writers of overlapping batches (an outbox resending) wait on each other in one
 * order and rows are numbered as they happened; a request id already stored is skipped, and
 * only the rows actually inserted are rolled up. Answers how many rows were inserted.
 */
export const writeUsageBatch = named(
  'usage_write',
  `WITH inserted AS (
    INSERT INTO usage_records (${[...usageRowColumns, ...derivedRowColumns].map(([column]) => column).join(', ')})
    SELECT ${[...usageRowColumns.map(([, , field]) => `r."${field}"`), ...derivedRowColumns.map(([, expression]) => expression)].join(', ')}
    FROM json_to_recordset($1::json) AS r(${usageRowColumns.map(([, type, field]) => `"${field}" ${type}`).join(', ')})
    ORDER BY r."at", r."requestId" COLLATE "C"
    ON CONFLICT (request_id) DO NOTHING
    RETURNING *
  ),
  ${rollupsOfInserted}
  SELECT count(*)::int AS inserted FROM inserted`,
);

/**
 * Adds a batch's hourly sums to the daily and hourly rollups: one JSON array of rows named as the
 * rollup columns, `at` the hour. For rows written by COPY, whose sums are added up as they are
 * written out.
 */
export const writeRollupSums = named(
  'usage_rollup_sums',
  `WITH sums AS (
    SELECT * FROM json_to_recordset($1::json) AS s(at timestamptz, ${[
      ...rollupKeyColumns.map(([column]) => `${column} text`),
      ...rollupSumColumns.map(([column]) => `${column} bigint`),
    ].join(', ')})
  ),
  ${rollupGrains.map((grain) => `${grain.bucket}_rollups AS (${rollupUpsert(grain, 'sums', rollupSumsOfSums)})`).join(',\n  ')}
  SELECT count(*)::int AS keys FROM sums`,
);
