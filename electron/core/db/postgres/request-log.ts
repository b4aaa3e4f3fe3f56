import type { RequestLogEntry } from '../../../../shared/operations/requests';
import type { AttemptRecord } from '../../../../shared/operations/usage';
import { decodeCursor, encodeCursor, type Page } from '../pagination';
import type { RequestLogFilter, RequestLogRepo } from '../request-log-repo';
import type { Sql } from './sql';

interface PgUsageRow {
  seq: string;
  id: string;
  at: Date | string;
  request_id: string;
  project_id: string;
  ai_provider_id: string | null;
  provider: string;
  auth_method: string;
  token_id: string | null;
  model: string | null;
  endpoint: string;
  streamed: boolean;
  status: number;
  outcome: string;
  input_tokens: number | string;
  output_tokens: number | string;
  cache_read_tokens: number | string;
  cache_write_tokens: number | string;
  cost_micro_usd: number | string | null;
  latency_ms: number;
  ttfb_ms: number | null;
  labels: Record<string, string>;
  usage_unknown: boolean;
  route_id: string | null;
  attempts: number;
  attempt_log: AttemptRecord[] | null;
  route: string | null;
  overhead_ms: number | null;
  error_message: string | null;
  gateway_id: string | null;
}

const iso = (at: Date | string) => (at instanceof Date ? at.toISOString() : new Date(at).toISOString());

function entryOf(row: PgUsageRow): RequestLogEntry {
  return {
    id: row.id,
    at: iso(row.at),
    requestId: row.request_id,
    projectId: row.project_id,
    aiProviderId: row.ai_provider_id,
    provider: row.provider,
    authMethod: row.auth_method,
    tokenId: row.token_id,
    model: row.model,
    endpoint: row.endpoint,
    streamed: row.streamed,
    status: row.status,
    outcome: row.outcome,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    cacheReadTokens: Number(row.cache_read_tokens),
    cacheWriteTokens: Number(row.cache_write_tokens),
    costMicroUsd: row.cost_micro_usd === null ? null : Number(row.cost_micro_usd),
    usageUnknown: row.usage_unknown,
    latencyMs: row.latency_ms,
    ttfbMs: row.ttfb_ms,
    labels: row.labels,
    routeId: row.route_id,
    attempts: row.attempts,
    attemptLog: row.attempt_log,
    route: row.route ?? row.ai_provider_id ?? row.provider,
    overheadMs: row.overhead_ms,
    errorMessage: row.error_message,
    gatewayId: row.gateway_id,
  };
}

/** The request log on PostgreSQL: the same filters and (at, seq) keyset as on SQLite. */
export function createPgRequestLog(sql: Sql): RequestLogRepo {
  return {
    async list(filter: RequestLogFilter, page: { limit: number; cursor?: string }): Promise<Page<RequestLogEntry>> {
      const params: unknown[] = [filter.since, filter.until];
      const clauses = ['at >= $1::timestamptz', 'at < $2::timestamptz'];
      const equal = (column: string, value: string | null) => {
        if (value === null) return;
        params.push(value);
        clauses.push(`${column} = $${params.length}`);
      };
      equal('project_id', filter.projectId);
      equal('request_id', filter.requestId);
      equal('pipeline', filter.pipeline);
      equal('token_id', filter.tokenId);
      equal('model', filter.model);
      equal('gateway_id', filter.gatewayId);
      equal('outcome', filter.errorCode);
      if (filter.provider !== null) equal(filter.provider.startsWith('aip_') ? 'ai_provider_id' : 'provider', filter.provider);
      if (filter.status === 'error') clauses.push("(status >= 400 OR outcome <> 'ok')");
      else if (filter.status !== null) clauses.push(`status BETWEEN ${filter.status[0]}00 AND ${filter.status[0]}99`);
      const after = decodeCursor(page.cursor);
      if (after) {
        if (Number.isNaN(Date.parse(after.key)) || !/^\d+$/.test(after.id)) decodeCursor('not a cursor');
        params.push(after.key, after.id);
        clauses.push(`(at, seq) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
      }
      params.push(page.limit + 1);
      const { rows } = await sql.query<PgUsageRow>(
        `SELECT * FROM usage_records WHERE ${clauses.join(' AND ')} ORDER BY at DESC, seq DESC LIMIT $${params.length}`,
        params,
      );
      const hasMore = rows.length > page.limit;
      const pageRows = hasMore ? rows.slice(0, page.limit) : rows;
      const last = pageRows.at(-1);
      return {
        items: pageRows.map(entryOf),
        nextCursor: hasMore && last ? encodeCursor({ key: iso(last.at), id: String(last.seq) }) : null,
      };
    },
  };
}
