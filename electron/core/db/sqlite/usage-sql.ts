import type { UsageGroupBy } from '../../../../shared/operations';
import type { UsageView } from '../usage-repo';

/** The rollup column behind each group-by. Fixed strings, never user input, so safe to splice. */
export const groupColumn: Record<UsageGroupBy, string> = {
  provider: 'provider',
  model: 'model',
  project: 'project_id',
  token: 'token_id',
  pipeline: 'pipeline',
  authMethod: 'auth_method',
  gateway: 'gateway_id',
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

/** The rollup table and its time column for a grain; hours are stored as `2026-03-01T13`. */
export const rollupOf = {
  day: { table: 'usage_daily', column: 'day', from: (day: string) => day, to: (day: string) => day },
  hour: { table: 'usage_hourly', column: 'hour', from: (day: string) => `${day}T00`, to: (day: string) => `${day}T23` },
} as const;

/** The view's filter as a WHERE clause over usage_daily (or usage_hourly) with named parameters. */
export function whereOf(view: UsageView, grain: 'day' | 'hour' = 'day'): { where: string; params: Record<string, string> } {
  const rollup = rollupOf[grain];
  const clauses = [`${rollup.column} BETWEEN @from AND @to`];
  const params: Record<string, string> = { from: rollup.from(view.from), to: rollup.to(view.to) };
  if (view.projectId) {
    clauses.push('project_id = @projectId');
    params.projectId = view.projectId;
  }
  if (view.provider) {
    clauses.push(view.provider.startsWith('aip_') ? 'ai_provider_id = @provider' : 'provider = @provider');
    params.provider = view.provider;
  }
  if (view.tokenId) {
    clauses.push('token_id = @tokenId');
    params.tokenId = view.tokenId;
  }
  if (view.gatewayId) {
    clauses.push('gateway_id = @gatewayId');
    params.gatewayId = view.gatewayId;
  }
  return { where: clauses.join(' AND '), params };
}
