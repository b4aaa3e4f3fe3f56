import type { UsageRecord, UsageTotals } from '../../../shared/operations/usage';
import { zeroTotals } from './usage-shaping';

/**
 * The dimensions of a rollup row ('' stands for none: SQLite's NULLs never match in ON CONFLICT,
 * and PostgreSQL's rollups use the same key); `day` is the hour (`2026-03-01T13`) in an hourly sum.
 */
export interface RollupKey {
  day: string;
  projectId: string;
  provider: string;
  aiProviderId: string;
  authMethod: string;
  model: string;
  tokenId: string;
  pipeline: string;
  /** The gateway that served the rows; last in the key, as in the tables' primary keys. */
  gatewayId: string;
}
export type RollupSum = RollupKey & UsageTotals;

/** A new sum for `row`'s dimensions in the time bucket `day` (a day, or an hour for usage_hourly). */
function sumFor(day: string, row: UsageRecord, pipeline: string): RollupSum {
  return {
    day,
    projectId: row.projectId,
    provider: row.provider,
    aiProviderId: row.aiProviderId ?? '',
    authMethod: row.authMethod,
    model: row.model ?? '',
    tokenId: row.tokenId ?? '',
    pipeline,
    gatewayId: row.gatewayId ?? '',
    ...zeroTotals(),
  };
}

/**
 * Adds `row` to its hour's sum. The map key is built once per row by concatenation: key objects
 * and joins per row and per grain were a measurable share of the recording cost.
 */
export function addToHour(hours: Map<string, RollupSum>, hour: string, row: UsageRecord, pipeline: string): void {
  const id = `${hour}\u0000${row.projectId}\u0000${row.provider}\u0000${row.aiProviderId ?? ''}\u0000${row.authMethod}\u0000${row.model ?? ''}\u0000${row.tokenId ?? ''}\u0000${pipeline}\u0000${row.gatewayId ?? ''}`;
  let sum = hours.get(id);
  if (!sum) {
    sum = sumFor(hour, row, pipeline);
    hours.set(id, sum);
  }
  sum.requests++;
  sum.errors += row.status >= 400 || row.outcome !== 'ok' ? 1 : 0;
  sum.inputTokens += row.inputTokens;
  sum.outputTokens += row.outputTokens;
  sum.cacheReadTokens += row.cacheReadTokens;
  sum.cacheWriteTokens += row.cacheWriteTokens;
  sum.costMicroUsd += row.costMicroUsd ?? 0;
  sum.unpricedRequests += row.costMicroUsd === null ? 1 : 0;
}

/** The daily sums, folded from the hourly ones (a batch has far fewer hourly keys than rows). */
export function daysOf(hours: Map<string, RollupSum>): Iterable<RollupSum> {
  const days = new Map<string, RollupSum>();
  for (const [id, hourSum] of hours) {
    // The id starts with the 13-character hour: the day's id is the rest after the day.
    const dayId = id.slice(0, 10) + id.slice(13);
    let sum = days.get(dayId);
    if (!sum) {
      sum = { ...hourSum, day: hourSum.day.slice(0, 10), ...zeroTotals() };
      days.set(dayId, sum);
    }
    for (const name of counterNames) sum[name] += hourSum[name];
  }
  return days.values();
}

const counterNames = Object.keys(zeroTotals()) as Array<keyof UsageTotals>;
