import type { UsageGroup, UsagePoint, UsageSummary, UsageTimeSeries } from '../../../shared/operations';
import { UsageTotals, usageOtherKey } from '../../../shared/operations';
import { daysOf } from '../days';
import type { UsageView } from './usage-repo';

/**
 * Usage answers shaped from day × group rows, the one scan every store makes of its rollups:
 * the same ranking, folding and totals whichever database summed the rows.
 */

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

export const byDay = (a: { day: string }, b: { day: string }) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0);

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

/** Per-group totals of day × group rows, largest first. */
function rank(rows: readonly UsagePoint[]): Array<UsageTotals & { key: string }> {
  const byKey = new Map<string, UsageTotals & { key: string }>();
  for (const row of rows) addInto(byKey, row.key, row, () => ({ ...zeroTotals(), key: row.key }));
  return [...byKey.values()].sort(largestFirst);
}

/** The keys `summary` and `timeSeries` will label: every group of the rows. */
export function groupKeysOf(rows: readonly UsagePoint[]): string[] {
  return [...new Set(rows.map((row) => row.key))];
}

/** A view's totals and its groups, largest first. `rows` are sorted by day. */
export function summaryOf(view: UsageView, rows: readonly UsagePoint[], label: (key: string) => string): UsageSummary {
  const ranked = rank(rows);
  return {
    from: view.from,
    to: view.to,
    groupBy: view.groupBy,
    totals: sumTotals(ranked),
    groups: ranked.map((row): UsageGroup => ({ ...row, label: label(row.key) })),
  };
}

/** Daily points for the top `limit` groups; the rest are folded into `__other__`. `rows` are sorted by day. */
export function timeSeriesOf(view: UsageView, rows: readonly UsagePoint[], limit: number, label: (key: string) => string): UsageTimeSeries {
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
    days: daysOf(view.from, view.to),
    keys,
    points: points.sort(byDay),
    daily: [...daily.values()],
  };
}
