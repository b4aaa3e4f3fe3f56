import type { UsagePoint } from '../../../../shared/operations';
import { timed, type Db } from './database';
import type { Logger } from '../../log';
import type { StatementRunner } from './connection-gate';
import { createDayKeyCache } from './day-key-cache';
import { createSqliteGroupLabeller } from './group-labels';
import { exportUsage } from './usage-export';
import type { UsageReportsRepo, UsageView } from '../usage-repo';
import { byDay, summaryOf, timeSeriesOf } from '../usage-shaping';
import { groupColumn, totalsSql, whereOf } from './usage-sql';

/** Chart and table reads on the daily rollups only, never on raw usage rows; synchronous underneath. */
export function createSqliteUsageReports(db: Db, log: Logger, run: StatementRunner): UsageReportsRepo {
  const statementCache = new Map<string, ReturnType<Db['prepare']>>();
  const prepare = (sql: string) => {
    let statement = statementCache.get(sql);
    if (!statement) statementCache.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  const cache = createDayKeyCache(db);

  /** The view's rollups summed per day and group: the one scan behind every usage read. */
  function dayKeyRows(view: UsageView): UsagePoint[] {
    // No ORDER BY: with a covering index the groups already come in (day, key) order, and
    // asking for it again makes SQLite add a sorter; a stable sort here is cheaper.
    const { where, params } = whereOf(view);
    const sql = `SELECT day, ${groupColumn[view.groupBy]} AS key, ${totalsSql}
      FROM usage_daily WHERE ${where}
      GROUP BY day, key`;
    return cache.get(`${view.groupBy} ${where} ${JSON.stringify(params)}`, () => (prepare(sql).all(params) as UsagePoint[]).sort(byDay));
  }

  const spent = db.prepare<[string], number>('SELECT COALESCE(SUM(cost_micro_usd), 0) FROM usage_daily WHERE token_id = ?').pluck();

  const read = <T>(name: string, work: () => T) => run(() => timed(log, name, work));
  return {
    summary: (view) => read('usage.summary', () => summaryOf(view, dayKeyRows(view), createSqliteGroupLabeller(db, view.groupBy))),
    timeSeries: (view, limit) =>
      read('usage.timeSeries', () => timeSeriesOf(view, dayKeyRows(view), limit, createSqliteGroupLabeller(db, view.groupBy))),
    // Its own read-only connection: the export streams without holding this one.
    export: (view, format) => exportUsage(db, view, format),
    spentMicroUsd: (tokenId) => run(() => spent.get(tokenId) ?? 0),
  };
}
