import type { RequestLogEntry } from '../../../../shared/operations/requests';
import type { Logger } from '../../log';
import { decodeCursor, encodeCursor, type Page } from '../pagination';
import type { RequestLogFilter, RequestLogRepo } from '../request-log-repo';
import { timed, type Db } from './database';
import type { Synchronous } from './promised';
import { usageRecordOf, type UsageRecordRow } from './usage-record-row';

type Params = Record<string, string | number>;

/** Each filter as a fixed SQL clause over named parameters; only the filters given are spliced in. */
function whereOf(filter: RequestLogFilter): { clauses: string[]; params: Params } {
  const clauses = ['at >= @since', 'at < @until'];
  const params: Params = { since: filter.since, until: filter.until };
  const equal = (column: string, name: string, value: string | null) => {
    if (value === null) return;
    clauses.push(`${column} = @${name}`);
    params[name] = value;
  };
  equal('project_id', 'projectId', filter.projectId);
  equal('request_id', 'requestId', filter.requestId);
  equal('pipeline', 'pipeline', filter.pipeline);
  equal('token_id', 'tokenId', filter.tokenId);
  equal('model', 'model', filter.model);
  equal('gateway_id', 'gatewayId', filter.gatewayId);
  equal('outcome', 'errorCode', filter.errorCode);
  if (filter.provider !== null) equal(filter.provider.startsWith('aip_') ? 'ai_provider_id' : 'provider', 'provider', filter.provider);
  if (filter.status === 'error') clauses.push("(status >= 400 OR outcome <> 'ok')");
  else if (filter.status !== null) clauses.push(`status BETWEEN ${filter.status[0]}00 AND ${filter.status[0]}99`);
  return { clauses, params };
}

/**
 * The request log over `usage_records`, newest first by arrival time, keyset-paged on (at, seq):
 * a page walks the `at` index (or the `(pipeline, at)` one) backwards from where the last ended
 * and stops after `limit` rows, however many rows the table holds.
 */
export function createSqliteRequestLog(db: Db, log: Logger): Synchronous<RequestLogRepo> {
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  return {
    list(filter, page): Page<RequestLogEntry> {
      const { clauses, params } = whereOf(filter);
      const after = decodeCursor(page.cursor);
      if (after) {
        clauses.push('(at, seq) < (@afterAt, @afterSeq)');
        params.afterAt = after.key;
        params.afterSeq = Number(after.id);
      }
      params.limit = page.limit + 1;
      const sql = `SELECT * FROM usage_records WHERE ${clauses.join(' AND ')} ORDER BY at DESC, seq DESC LIMIT @limit`;
      const rows = timed(log, 'requests.list', () => prepare(sql).all(params) as UsageRecordRow[]);
      const hasMore = rows.length > page.limit;
      const pageRows = hasMore ? rows.slice(0, page.limit) : rows;
      const last = pageRows.at(-1);
      return {
        items: pageRows.map(usageRecordOf),
        nextCursor: hasMore && last ? encodeCursor({ key: last.at, id: String(last.seq) }) : null,
      };
    },
  };
}
