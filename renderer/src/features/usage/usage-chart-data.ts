import type { UsageSummary, UsageTimeSeries } from '../../../../shared/operations';
import { totalTokens } from '../../components/format';

/** Distinct in light and dark themes; the ninth is the grey of "others". */
export const seriesColors = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c9c9c'];

export type DayRow = { day: string } & Record<string, number | string>;

/** One row per bucket (day or hour) of the range with each series' own tokens under its key. */
export function tokensByDay(series: UsageTimeSeries): DayRow[] {
  const rows = new Map<string, DayRow>(series.days.map((day) => [day, { day, ...Object.fromEntries(series.keys.map((k) => [k.key, 0])) }]));
  for (const point of series.points) {
    const row = rows.get(point.day);
    if (row) row[point.key] = (row[point.key] as number) + totalTokens(point);
  }
  return [...rows.values()];
}

/** Requests and errors for every bucket of the range, zero where nothing happened. */
export function requestsByDay(series: UsageTimeSeries): Array<{ day: string; requests: number; errors: number }> {
  const daily = new Map(series.daily.map((d) => [d.day, d]));
  return series.days.map((day) => ({ day, requests: daily.get(day)?.requests ?? 0, errors: daily.get(day)?.errors ?? 0 }));
}

/** Priced cost in dollars per group, largest first; unpriced requests are listed apart, never as $0. */
export function costByGroup(summary: UsageSummary): Array<{ label: string; costUsd: number; unpricedRequests: number }> {
  return summary.groups
    .map((g) => ({ label: g.label, costUsd: g.costMicroUsd / 1_000_000, unpricedRequests: g.unpricedRequests }))
    .sort((a, b) => b.costUsd - a.costUsd);
}

export function topGroups(summary: UsageSummary, limit: number): Array<{ label: string; tokens: number; requests: number }> {
  return summary.groups.slice(0, limit).map((g) => ({ label: g.label, tokens: totalTokens(g), requests: g.requests }));
}

/** `2026-03-01` → `Mar 1`, and an hour `2026-03-01T13:00Z` → `Mar 1 13:00` (UTC, as the buckets are), for axis ticks. */
export function shortDay(bucket: string): string {
  const hour = bucket.length > 10 ? bucket.slice(11, 16) : null;
  const day = new Date(`${bucket.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return hour ? `${day} ${hour}` : day;
}
