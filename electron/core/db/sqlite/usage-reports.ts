import type { UsageGroup, UsagePoint, UsageSummary, UsageTimeSeries } from '../../../../shared/operations';
import { UsageTotals, usageOtherKey } from '../../../../shared/operations';
import { timed, type Db } from './database';
import type { Logger } from '../../log';
import type { StatementRunner } from './connection-gate';
import { createDayKeyCache } from './day-key-cache';
import { createGroupLabeller } from './group-labels';
import { exportUsage } from './usage-export';
import { daysOf, hoursOf } from '../../days';
import type { UsageReportsRepo, UsageView } from '../usage-repo';
import { groupColumn, rollupOf, totalsSql, whereOf } from './usage-sql';

/** Chart and table reads on the daily rollups only, never on raw usage rows; synchronous underneath. */
export function createSqliteUsageReports(db: Db, log: Logger, run: StatementRunner): UsageReportsRepo {
  const statementCache = new Map<string, ReturnType<Db['prepare']>>();
  const prepare = (sql: string) => {
    let statement = statementCache.get(sql);
    if (!statement) statementCache.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  const cache = createDayKeyCache(db);

  /** The view's rollups summed per day (or hour) and group: the one scan behind every usage read. */
  function dayKeyRows(view: UsageView, grain: 'day' | 'hour' = 'day'): UsagePoint[] {
    // No ORDER BY: with a covering index the groups already come in (day, key) order, and
    // asking for it again makes SQLite add a sorter; a stable sort here is cheaper.
    const { where, params } = whereOf(view, grain);
    const { table, column } = rollupOf[grain];
    // Hours leave the database as `2026-03-01T13:00Z`, the contract's spelling.
    const bucket = grain === 'hour' ? `${column} || ':00Z'` : column;
    const sql = `SELECT ${bucket} AS day, ${groupColumn[view.groupBy]} AS key, ${totalsSql}
      FROM ${table} WHERE ${where}
      GROUP BY ${column}, key`;
    return cache.get(`${grain} ${view.groupBy} ${where} ${JSON.stringify(params)}`, () =>
      (prepare(sql).all(params) as UsagePoint[]).sort(byDay),
    );
  }

  /** Per-group totals of day × group rows, largest first. */
  function rank(rows: readonly UsagePoint[]): Array<UsageTotals & { key: string }> {
    const byKey = new Map<string, UsageTotals & { key: string }>();
    for (const row of rows) addInto(byKey, row.key, row, () => ({ ...zeroTotals(), key: row.key }));
    return [...byKey.values()].sort(largestFirst);
  }

  const spent = db.prepare<[string], number>('SELECT COALESCE(SUM(cost_micro_usd), 0) FROM usage_daily WHERE token_id = ?').pluck();

  const reports = {
    summary(view: UsageView): UsageSummary {
      return timed(log, 'usage.summary', () => {
        const label = createGroupLabeller(db, view.groupBy);
        const ranked = rank(dayKeyRows(view));
        return {
          from: view.from,
          to: view.to,
          groupBy: view.groupBy,
          totals: sumTotals(ranked),
          groups: ranked.map((row): UsageGroup => ({ ...row, label: label(row.key) })),
        };
      });
    },

    /** Daily points for the top `limit` groups; the rest are folded into `__other__`. One scan of the range. */
    timeSeries(view: UsageView, limit: number, grain: 'day' | 'hour'): UsageTimeSeries {
      return timed(log, 'usage.timeSeries', () => {
        const label = createGroupLabeller(db, view.groupBy);
        const rows = dayKeyRows(view, grain);
        const ranked = rank(rows);
        const daily = new Map<string, UsageTotals & { day: string }>();
        for (const row of rows) addInto(daily, row.day, row, () => ({ ...zeroTotals(), day: row.day }));
        const top = new Set(ranked.slice(0, limit).map((row) => row.key));
        const points: UsagePoint[] = [];
        const others = new Map<string, UsagePoint>();
        for (const row of rows) {
          if (top.has(row.key)) points.push(row);
          else addInto(others, row.day, row, () => ({ ...zeroTotals(), day: row.day, key: usageOtherKey }));
        }
        points.push(...others.values());
        const keys = ranked.slice(0, limit).map((row) => ({ key: row.key, label: label(row.key) }));
        if (ranked.length > limit) keys.push({ key: usageOtherKey, label: `${ranked.length - limit} others` });
        return {
          from: view.from,
          to: view.to,
          groupBy: view.groupBy,
          grain,
          days: grain === 'hour' ? hoursOf(view.from, view.to) : daysOf(view.from, view.to),
          keys,
          points: points.sort(byDay),
          daily: [...daily.values()],
        };
      });
    },
  };
  return {
    summary: (view) => run(() => reports.summary(view)),
    timeSeries: (view, limit, grain) => run(() => reports.timeSeries(view, limit, grain)),
    // Its own read-only connection: the export streams without holding this one.
    export: (view, format) => exportUsage(db, view, format),
    spentMicroUsd: (tokenId) => run(() => spent.get(tokenId) ?? 0),
  };
}

/** Every counter of the totals, from the schema itself. */
const counterNames = UsageTotals.keyof().options;

export function zeroTotals(): UsageTotals {
  return {
    requests: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costMicroUsd: 0,
    unpricedRequests: 0,
  };
}

function addTotals(target: UsageTotals, row: UsageTotals): void {
  for (const name of counterNames) target[name] += row[name];
}

export function sumTotals(rows: readonly UsageTotals[]): UsageTotals {
  const total = zeroTotals();
  for (const row of rows) addTotals(total, row);
  return total;
}

const byDay = (a: { day: string }, b: { day: string }) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0);

const tokensOf = (row: UsageTotals) => row.inputTokens + row.outputTokens + row.cacheReadTokens + row.cacheWriteTokens;

/** The order groups are listed in everywhere: most tokens, then most requests, then by key. */
function largestFirst(a: UsageTotals & { key: string }, b: UsageTotals & { key: string }): number {
  return tokensOf(b) - tokensOf(a) || b.requests - a.requests || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function addInto<T extends UsageTotals>(map: Map<string, T>, key: string, row: UsageTotals, create: () => T): void {
  let target = map.get(key);
  if (!target) map.set(key, (target = create()));
  addTotals(target, row);
}
