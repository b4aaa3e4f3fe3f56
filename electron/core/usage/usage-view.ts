import { invalidInput } from '../../../shared/errors';
import type { UsageGroupBy, UsageQuery } from '../../../shared/operations';
import type { Clock } from '../clock';
import type { Actor } from '../operations/actor';
import { listScope } from '../services/actor-scope';

/** The rollup column behind each group-by. Fixed strings, never user input, so safe to splice. */
export const groupColumn: Record<UsageGroupBy, string> = {
  provider: 'provider',
  model: 'model',
  project: 'project_id',
  token: 'token_id',
  pipeline: 'pipeline',
  authMethod: 'auth_method',
};

/** Sums shared by every usage read; names match `UsageTotals`. */
export const totalsSql = `
  COALESCE(SUM(requests), 0) AS requests,
  COALESCE(SUM(errors), 0) AS errors,
  COALESCE(SUM(input_tokens), 0) AS inputTokens,
  COALESCE(SUM(output_tokens), 0) AS outputTokens,
  COALESCE(SUM(cache_read_tokens), 0) AS cacheReadTokens,
  COALESCE(SUM(cache_write_tokens), 0) AS cacheWriteTokens,
  COALESCE(SUM(cost_micro_usd), 0) AS costMicroUsd,
  COALESCE(SUM(unpriced_requests), 0) AS unpricedRequests`;

const defaultRangeDays = 30;
const maxRangeDays = 366 * 3;

/** A query resolved against the clock and the caller: concrete days and a WHERE clause over usage_daily. */
export interface UsageView {
  from: string;
  to: string;
  groupBy: UsageGroupBy;
  where: string;
  params: Record<string, string>;
}

/**
 * Fills in the default range (the last 30 days, today included) and builds the filter. A token
 * caller only ever sees its own project (another project's id answers 404, as everywhere).
 */
export function resolveUsageView(query: UsageQuery, clock: Clock, actor: Actor): UsageView {
  const to = query.to ?? dayOf(clock.now());
  const from = query.from ?? addDays(to, -(defaultRangeDays - 1));
  if (from > to) throw invalidInput([{ path: 'from', message: 'must not be after `to`' }]);
  if (daysBetween(from, to) > maxRangeDays) {
    throw invalidInput([{ path: 'from', message: `the range may span at most ${maxRangeDays} days` }]);
  }
  const projectId = listScope(actor, query.projectId);
  const clauses = ['day BETWEEN @from AND @to'];
  const params: Record<string, string> = { from, to };
  if (projectId) {
    clauses.push('project_id = @projectId');
    params.projectId = projectId;
  }
  if (query.provider) {
    clauses.push(query.provider.startsWith('aip_') ? 'ai_provider_id = @provider' : 'provider = @provider');
    params.provider = query.provider;
  }
  if (query.tokenId) {
    clauses.push('token_id = @tokenId');
    params.tokenId = query.tokenId;
  }
  return { from, to, groupBy: query.groupBy, where: clauses.join(' AND '), params };
}

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return dayOf(date);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Every day from `from` to `to`, inclusive. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}
