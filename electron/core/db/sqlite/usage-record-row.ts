import type { AttemptRecord, UsageRecord } from '../../../../shared/operations/usage';

/** A `usage_records` row as SQLite returns it. */
export interface UsageRecordRow {
  seq: number;
  id: string;
  at: string;
  request_id: string;
  project_id: string;
  ai_provider_id: string | null;
  provider: string;
  auth_method: string;
  token_id: string | null;
  model: string | null;
  endpoint: string;
  streamed: number;
  status: number;
  outcome: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_micro_usd: number | null;
  latency_ms: number;
  ttfb_ms: number | null;
  labels: string;
  usage_unknown: number;
  route_id: string | null;
  attempts: number;
  attempt_log: string | null;
  route: string | null;
  overhead_ms: number | null;
  error_message: string | null;
  gateway_id: string | null;
}

function labelsOf(text: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function attemptLogOf(text: string | null): AttemptRecord[] | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as AttemptRecord[]) : null;
  } catch {
    return null;
  }
}

/** The row as the contract's UsageRecord; rows older than the request log name their provider as the route. */
export function usageRecordOf(row: UsageRecordRow): UsageRecord {
  return {
    id: row.id,
    at: row.at,
    requestId: row.request_id,
    projectId: row.project_id,
    aiProviderId: row.ai_provider_id,
    provider: row.provider,
    authMethod: row.auth_method,
    tokenId: row.token_id,
    model: row.model,
    endpoint: row.endpoint,
    streamed: row.streamed === 1,
    status: row.status,
    outcome: row.outcome,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    costMicroUsd: row.cost_micro_usd,
    usageUnknown: row.usage_unknown === 1,
    latencyMs: row.latency_ms,
    ttfbMs: row.ttfb_ms,
    labels: labelsOf(row.labels),
    routeId: row.route_id,
    attempts: row.attempts,
    attemptLog: attemptLogOf(row.attempt_log),
    route: row.route ?? row.ai_provider_id ?? row.provider,
    overheadMs: row.overhead_ms,
    errorMessage: row.error_message,
    gatewayId: row.gateway_id,
  };
}
