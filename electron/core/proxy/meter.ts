import type { UsageRecord } from '../../../shared/operations/usage';
import { newId } from '../ids';
import type { UsageRecorder } from '../usage/usage-recorder';
import type { PriceTable } from '../usage/price-table';
import type { RequestObserver } from '../usage/request-observers';
import type { Exchange } from './exchange';
import type { TokenLimits } from './token-limits';
import { estimateUsage } from './usage-estimate';

export interface MeterDeps {
  prices: PriceTable;
  recorder: UsageRecorder;
  limits: TokenLimits;
  /** Told of every row once it is recorded: metrics, the log line, traces. */
  observe?: RequestObserver;
}

/**
 * The last stage: the exchange's usage and cost, computed once, go to the limits (input tokens and
 * spend) and as one finished row to the recorder. Requests refused before a token was recognised
 * are not metered: there is no project to charge them to.
 */
export function createMeter(deps: MeterDeps) {
  const { prices, recorder, limits, observe } = deps;
  return function meter(exchange: Exchange): void {
    const token = exchange.token;
    if (!token) return;
    const { provider, usage } = exchange;
    const row: UsageRecord = {
      id: newId('usageRecord'),
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
      status: validStatus(exchange.status),
      outcome: exchange.outcome || 'upstream_unreachable',
      inputTokens: usage?.inputTokens ?? 0,
      outputTokens: usage?.outputTokens ?? 0,
      cacheReadTokens: usage?.cacheReadTokens ?? 0,
      cacheWriteTokens: usage?.cacheWriteTokens ?? 0,
      costMicroUsd: null,
      latencyMs: Math.round(performance.now() - exchange.started),
      ttfbMs: exchange.ttfbMs,
      usageUnknown: exchange.usageUnknown,
      labels: exchange.labels ? { ...exchange.labels, ...token.labels } : token.labels,
      route: exchange.providerRef.slice(0, 200),
      attempts: exchange.attempts,
      overheadMs: exchange.overheadMs,
      errorMessage: exchange.errorMessage,
    };
    // Unknown usage is never free: no cost, so the row counts as unpriced.
    if (!row.usageUnknown) row.costMicroUsd = prices.costMicroUsd(row.provider, row.model, row);
    recorder.record(row);
    observe?.(row);
    if (row.usageUnknown && exchange.clientBody) {
      // The row keeps its tokens unknown; the limits count the estimate, so unknown usage never runs free.
      const estimate = estimateUsage(exchange.clientBody.bytes, exchange.clientBody.json);
      const estimated = { ...row, ...estimate, cacheReadTokens: 0, cacheWriteTokens: 0 };
      limits.noteUsage(token, estimated.inputTokens, prices.costMicroUsd(row.provider, row.model, estimated), Date.now());
    } else if (usage) limits.noteUsage(token, row.inputTokens + row.cacheReadTokens + row.cacheWriteTokens, row.costMicroUsd, Date.now());
  };
}
export type Meter = ReturnType<typeof createMeter>;

/** A row always has an HTTP status, whatever produced the outcome: an answer that never came is a 502. */
function validStatus(status: number): number {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 502;
}
