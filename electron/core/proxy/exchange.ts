import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Token } from '../../../shared/operations/tokens';
import type { UsageRecord } from '../../../shared/operations/usage';
import { newId } from '../ids';
import type { PriceTable } from '../usage/price-table';
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

const noUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

/** What metering needs: the price table, the recorder, and the limits that count spend. */
export interface Meter {
  prices: PriceTable;
  recorder: UsageRecorder;
  limits: TokenLimits;
}

/**
 * Writes the exchange's one usage row (a second call is ignored), priced here so the recorder only
 * writes. Requests refused before a token was recognised are not metered: there is no project to
 * charge them to.
 */
export function recordExchange(exchange: Exchange, result: Outcome, meter: Meter): void {
  if (exchange.recorded || !exchange.token) return;
  exchange.recorded = true;
  const { token, provider } = exchange;
  const usage = result.usage;
  const model = usage?.model ?? exchange.model;
  const slug = provider?.provider ?? exchange.providerRef.slice(0, 40);
  const counts = usage ?? noUsage;
  const usageUnknown = result.usageUnknown === true;
  const row: UsageRecord = {
    id: newId('usageRecord'),
    at: exchange.at,
    requestId: exchange.requestId,
    projectId: token.projectId,
    aiProviderId: provider?.id ?? null,
    provider: slug,
    authMethod: provider?.authMethod ?? 'byo',
    tokenId: token.id,
    model,
    endpoint: exchange.endpoint,
    streamed: exchange.streamed,
    status: validStatus(result.status),
    outcome: result.outcome || 'upstream_unreachable',
    inputTokens: counts.inputTokens,
    outputTokens: counts.outputTokens,
    cacheReadTokens: counts.cacheReadTokens,
    cacheWriteTokens: counts.cacheWriteTokens,
    usageUnknown,
    latencyMs: Math.round(performance.now() - exchange.started),
    ttfbMs: result.ttfbMs,
    labels: exchange.labels ? { ...exchange.labels, ...token.labels } : token.labels,
    // Unknown usage is never free: no cost, so the row counts as unpriced.
    costMicroUsd: usageUnknown ? null : meter.prices.costMicroUsd(slug, model, counts),
  };
  meter.recorder.record(row);
  if (usage) meter.limits.noteUsage(token, usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens, row.costMicroUsd, Date.now());
}

/** A row always has an HTTP status, whatever produced the outcome: an answer that never came is a 502. */
function validStatus(status: number): number {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 502;
}
