import type { UsageRecord } from '../../../shared/operations/usage';
import { newId } from '../ids';
import type { UsageRecorder } from '../usage/usage-recorder';
import type { PriceBook } from '../usage/price-book';
import type { RequestObserver } from '../usage/request-observers';
import type { Exchange } from './exchange';
import type { BudgetReservations } from './budget-reservations';

/** What the meter reads of an exchange (a WebSocket turn is metered the same way). */
export type MeteredExchange = Pick<
  Exchange,
  | 'token'
  | 'provider'
  | 'usage'
  | 'at'
  | 'requestId'
  | 'providerRef'
  | 'model'
  | 'endpoint'
  | 'streamed'
  | 'status'
  | 'outcome'
  | 'started'
  | 'ttfbMs'
  | 'usageUnknown'
  | 'labels'
  | 'clientBody'
  | 'reservation'
  | 'routeId'
  | 'attempts'
  | 'attemptLog'
  | 'overheadMs'
  | 'errorMessage'
>;

export interface MeterDeps {
  prices: PriceBook;
  recorder: UsageRecorder;
  reservations: BudgetReservations;
  /** The serving gateway's id, kept on the row (and through the outbox) so usage groups by gateway. */
  gatewayId?(): string | null;
  /** Told of every row once it is recorded: metrics, the log line, traces. */
  observe?: RequestObserver;
}

/**
 * The last stage: the exchange's usage and cost, computed once, settle its reservation (input
 * tokens and spend) and go as one finished row to the recorder. Requests refused before a token was recognised
 * are not metered: there is no project to charge them to.
 */
export function createMeter(deps: MeterDeps) {
  const { prices, recorder, reservations, observe } = deps;
  const gatewayId = deps.gatewayId ?? (() => null);
  return function meter(exchange: MeteredExchange): void {
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
      routeId: exchange.routeId,
      attempts: exchange.attempts,
      attemptLog: exchange.attemptLog,
      route: exchange.providerRef.slice(0, 200),
      overheadMs: exchange.overheadMs,
      errorMessage: exchange.errorMessage,
      gatewayId: gatewayId(),
    };
    // Unknown usage is never free: no cost, so the row counts as unpriced.
    if (!row.usageUnknown) row.costMicroUsd = prices.costMicroUsd(row.aiProviderId, row.provider, row.model, row);
    recorder.record(row);
    observe?.(row);
    if (!exchange.reservation) return;
    // The row keeps its tokens unknown; the reservation keeps its estimate, so unknown usage never runs free.
    if (row.usageUnknown) reservations.settleEstimated(exchange);
    else reservations.settle(exchange, row.costMicroUsd ?? 0, row.inputTokens + row.cacheReadTokens + row.cacheWriteTokens);
  };
}
export type Meter = ReturnType<typeof createMeter>;

/** A row always has an HTTP status, whatever produced the outcome: an answer that never came is a 502. */
function validStatus(status: number): number {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 502;
}
