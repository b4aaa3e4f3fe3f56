import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Token } from '../../../shared/operations/tokens';
import type { UsageRecorder } from '../usage/usage-recorder';
import type { MeteredUsage } from './streaming/extract-usage';
import type { TokenLimits } from './token-limits';

/** One proxied request from arrival to its usage row. */
export interface Exchange {
  requestId: string;
  at: string;
  /** performance.now() at arrival. */
  started: number;
  endpoint: string;
  providerRef: string;
  token: Token | null;
  provider: AiProvider | null;
  labels: Record<string, string> | null;
  model: string | null;
  streamed: boolean;
  recorded: boolean;
}

export interface Outcome {
  status: number;
  /** `ok`, `upstream_error`, `client_disconnect`, `upstream_timeout`, `rate_limited`, … */
  outcome: string;
  usage: MeteredUsage | null;
  /** An answer that should have reported usage did not (or could not be read): tokens unknown, not zero. */
  usageUnknown?: boolean;
  ttfbMs: number | null;
}

/**
 * Writes the exchange's one usage row (a second call is ignored). Requests refused before a token
 * was recognised are not metered: there is no project to charge them to.
 */
export function recordExchange(exchange: Exchange, result: Outcome, recorder: UsageRecorder, limits: TokenLimits): void {
  if (exchange.recorded || !exchange.token) return;
  exchange.recorded = true;
  const { token, provider } = exchange;
  const usage = result.usage;
  const row = recorder.record({
    at: exchange.at,
    requestId: exchange.requestId,
    projectId: token.projectId,
    aiProviderId: provider?.id ?? null,
    provider: provider?.provider ?? exchange.providerRef.slice(0, 40),
    authMethod: provider?.authMethod ?? 'byo',
    tokenId: token.id,
    model: usage?.model ?? exchange.model,
    endpoint: exchange.endpoint,
    streamed: exchange.streamed,
    status: validStatus(result.status),
    outcome: result.outcome || 'upstream_unreachable',
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cacheReadTokens: usage?.cacheReadTokens ?? 0,
    cacheWriteTokens: usage?.cacheWriteTokens ?? 0,
    usageUnknown: result.usageUnknown === true,
    latencyMs: Math.round(performance.now() - exchange.started),
    ttfbMs: result.ttfbMs,
    labels: exchange.labels ? { ...exchange.labels, ...token.labels } : token.labels,
  });
  if (usage) limits.noteUsage(token, usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens, row.costMicroUsd, Date.now());
}

/** A row always has an HTTP status, whatever produced the outcome: an answer that never came is a 502. */
function validStatus(status: number): number {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 502;
}
