import type { UsageGroup, UsagePoint, UsageSummary, UsageTimeSeries, UsageTotals } from '../../../shared/operations';
import { usageOtherKey } from '../../../shared/operations';
import { timed, type Db } from '../db/database';
import type { Logger } from '../log';
import { createGroupLabeller } from './group-labels';
import { daysOf, groupColumn, totalsSql, type UsageView } from './usage-view';

/** Chart and table reads. They run on the daily rollups only, never on raw usage rows. */
export function createUsageQueries(db: Db, log: Logger) {
  const statementCache = new Map<string, ReturnType<Db['prepare']>>();
  const prepare = (sql: string) => {
    let statement = statementCache.get(sql);
    if (!statement) statementCache.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  function groups(view: UsageView): Array<UsageTotals & { key: string }> {
    const sql = `SELECT ${groupColumn[view.groupBy]} AS key, ${totalsSql}
      FROM usage_daily WHERE ${view.where}
      GROUP BY key
      ORDER BY (inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens) DESC, requests DESC, key`;
    return prepare(sql).all(view.params) as Array<UsageTotals & { key: string }>;
  }

  return {
    summary(view: UsageView): UsageSummary {
      return timed(log, 'usage.summary', () => {
        const label = createGroupLabeller(db, view.groupBy);
        const rows = groups(view);
        const totals = sumTotals(rows);
        return {
          from: view.from,
          to: view.to,
          groupBy: view.groupBy,
          totals,
          groups: rows.map((row): UsageGroup => ({ ...row, label: label(row.key) })),
        };
      });
    },

    /** Daily points for the top `limit` groups; the rest are folded into `__other__`. One scan of the range. */
    timeSeries(view: UsageView, limit: number): UsageTimeSeries {
      return timed(log, 'usage.timeSeries', () => {
        const label = createGroupLabeller(db, view.groupBy);
        const sql = `SELECT day, ${groupColumn[view.groupBy]} AS key, ${totalsSql}
          FROM usage_daily WHERE ${view.where}
          GROUP BY day, key ORDER BY day`;
        const rows = prepare(sql).all(view.params) as UsagePoint[];
        const byKey = new Map<string, UsageTotals & { key: string }>();
        const daily = new Map<string, UsageTotals & { day: string }>();
        for (const row of rows) {
          addInto(byKey, row.key, row, () => ({ ...zeroTotals(), key: row.key }));
          addInto(daily, row.day, row, () => ({ ...zeroTotals(), day: row.day }));
        }
        const ranked = [...byKey.values()].sort(largestFirst);
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
          days: daysOf(view.from, view.to),
          keys,
          points: points.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)),
          daily: [...daily.values()],
        };
      });
    },
  };
}
export type UsageQueries = ReturnType<typeof createUsageQueries>;

const counterNames = [
  'requests',
  'errors',
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'costMicroUsd',
  'unpricedRequests',
] as const satisfies ReadonlyArray<keyof UsageTotals>;

export function zeroTotals(): UsageTotals {
  return { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costMicroUsd: 0, unpricedRequests: 0 };
}

function addTotals(target: UsageTotals, row: UsageTotals): void {
  for (const name of counterNames) target[name] += row[name];
}

export function sumTotals(rows: readonly UsageTotals[]): UsageTotals {
  const total = zeroTotals();
  for (const row of rows) addTotals(total, row);
  return total;
}

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
