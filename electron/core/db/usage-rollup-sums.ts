import type { UsageRecord, UsageTotals } from '../../../shared/operations/usage';
import { zeroTotals } from './usage-shaping';

/**
 * The dimensions of a rollup row ('' stands for none: SQLite's NULLs never match in ON CONFLICT, and
 * PostgreSQL's rollups key the same way); `day` is the hour (`2026-03-01T13`) in an hourly sum.
 * Both stores sum a batch here before they add it to their rollup tables.
 */
interface RollupKey {
  day: string;
  projectId: string;
  provider: string;
  aiProviderId: string;
  authMethod: string;
  model: string;
  tokenId: string;
  pipeline: string;
  /** The gateway that served the rows; last in the key, as in the table's primary key. */
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

/** Whether `sum` is the one for `row` in the hour `hour`. */
function isSumOf(sum: RollupSum, hour: string, row: UsageRecord, pipeline: string): boolean {
  return (
    sum.day === hour &&
    sum.pipeline === pipeline &&
    sum.projectId === row.projectId &&
    sum.provider === row.provider &&
    sum.aiProviderId === (row.aiProviderId ?? '') &&
    sum.authMethod === row.authMethod &&
    sum.model === (row.model ?? '') &&
    sum.tokenId === (row.tokenId ?? '') &&
    sum.gatewayId === (row.gatewayId ?? '')
  );
}

/** A sum's key in the map of a batch's hourly sums: its hour (13 characters), then its dimensions. */
function idOf(sum: RollupSum): string {
  return `${sum.day}\u0000${sum.projectId}\u0000${sum.provider}\u0000${sum.aiProviderId}\u0000${sum.authMethod}\u0000${sum.model}\u0000${sum.tokenId}\u0000${sum.pipeline}\u0000${sum.gatewayId}`;
}

/**
 * A batch's hourly sums. A row finds its sum among the few of its token and model, compared field
 * by field: building and hashing a key string per row was a measurable share of the write. Under
 * load most rows have the key of the row before them, which is tried first.
 */
export function hourlySums() {
  const hours = new Map<string, RollupSum>();
  const byTokenAndModel = new Map<string, Map<string, RollupSum[]>>();
  let last: RollupSum | null = null;

  function find(hour: string, row: UsageRecord, pipeline: string): RollupSum {
    const tokenId = row.tokenId ?? '';
    const model = row.model ?? '';
    let models = byTokenAndModel.get(tokenId);
    if (!models) byTokenAndModel.set(tokenId, (models = new Map()));
    let sums = models.get(model);
    if (!sums) models.set(model, (sums = []));
    for (const sum of sums) if (isSumOf(sum, hour, row, pipeline)) return sum;
    const sum = sumFor(hour, row, pipeline);
    sums.push(sum);
    hours.set(idOf(sum), sum);
    return sum;
  }

  return {
    hours,
    add(hour: string, row: UsageRecord, pipeline: string): void {
      const sum = last !== null && isSumOf(last, hour, row, pipeline) ? last : find(hour, row, pipeline);
      last = sum;
      sum.requests++;
      sum.errors += row.status >= 400 || row.outcome !== 'ok' ? 1 : 0;
      sum.inputTokens += row.inputTokens;
      sum.outputTokens += row.outputTokens;
      sum.cacheReadTokens += row.cacheReadTokens;
      sum.cacheWriteTokens += row.cacheWriteTokens;
      sum.costMicroUsd += row.costMicroUsd ?? 0;
      sum.unpricedRequests += row.costMicroUsd === null ? 1 : 0;
    },
  };
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
