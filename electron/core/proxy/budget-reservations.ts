import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Budget } from '../../../shared/operations/budgets';
import type { Token } from '../../../shared/operations/tokens';
import { msNow, type Clock } from '../clock';
import type { BudgetLedger, CounterBalance } from '../db/budget-ledger';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { PriceBook } from '../usage/price-book';
import type { TokenCounts } from '../usage/price-table';
import { createBudgetAlerts } from './budget-alerts';
import { anyCapFor, capsFor, type Cap } from './budget-caps';
import type { Exchange } from './exchange';
import type { InputHold, TokenLimits } from './token-limits';
import type { ClientBody, UpstreamRequest } from './prepare-upstream';
import { estimateUsage } from './usage-estimate';

/** What one admitted request holds until the meter settles it. */
export interface Reservation {
  /** The ledger's reservation id (the request id, numbered for a route's later calls); null when no cap applies. */
  id: string | null;
  caps: Cap[];
  /** What the request is charged when its usage cannot be read: the estimate (null: made only if needed). */
  estimate: TokenCounts | null;
  estimateMicroUsd: number;
  /** The input tokens held on the token's window; null when nothing limits them (what was used is counted at the end). */
  input: InputHold | null;
  tokenId: string;
}

export interface BudgetReservationDeps {
  ledger: BudgetLedger;
  limits: TokenLimits;
  prices: PriceBook;
  clock: Clock;
  events: EventBus;
  log: Logger;
  /** The project's budgets (cached by the caller). */
  budgetsOf(projectId: string): Promise<Budget[]> | Budget[];
  /** A reservation nobody settled (its process died) is released after this long. */
  reservationTtlMs: number;
}

/** Anthropic's prompt caching writes the marked prefix to the cache, which is priced above plain input. */
const writesCache = (body: Record<string, unknown> | null) => body !== null && JSON.stringify(body).includes('"cache_control"');

/**
 * The admit stage's last step, taken once the model is known: the request's estimate (input from
 * the body's size, output from its bound, at the model's price) is held on its token's input
 * window and on every cap it falls under, atomically, before the upstream is called. The meter
 * settles it to the actual cost; a refusal or an error settles it to nothing.
 */
export function createBudgetReservations(deps: BudgetReservationDeps) {
  const { ledger, limits, prices, clock, log } = deps;
  const alerts = createBudgetAlerts({ ledger, events: deps.events, log, clock });
  const capNotified = new Set<string>();

  function estimateOf({ bytes, json }: ClientBody): TokenCounts {
    const { inputTokens, outputTokens } = estimateUsage(bytes, json);
    return writesCache(json)
      ? { inputTokens: 0, outputTokens, cacheReadTokens: 0, cacheWriteTokens: inputTokens }
      : { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 };
  }

  function unpriced(exchange: Exchange, model: string | null, caps: Cap[]): AppError {
    const capped = caps.find((cap) => !cap.allowUnpriced)!;
    const provider = exchange.provider!;
    return new AppError(
      'forbidden',
      `Model ${model ?? '(none named)'} has no price, and ${capped.name} caps spend: set a custom price for ${model ?? 'it'} on AI provider ${provider.name} in Switchboard, or allow unpriced use on that budget`,
      { limit: 'unpricedModel', model, budgetId: capped.budgetId },
    );
  }

  function refusal(exchange: Exchange, cap: Cap, balance: CounterBalance | undefined, amount: number): AppError {
    const token = exchange.token!;
    const spent = balance?.spentMicroUsd ?? 0;
    const exhausted = spent + amount > cap.counter.capMicroUsd;
    const details = cap.budgetId ? { limit: 'budget', budgetId: cap.budgetId } : { limit: 'spendCapUsd' };
    const capUsd = cap.counter.capMicroUsd / 1_000_000;
    if (cap.budgetId === null && !capNotified.has(token.id)) {
      capNotified.add(token.id);
      deps.events.emit('token.spendCapReached', { tokenId: token.id, tokenName: token.name, projectId: token.projectId });
    }
    if (exhausted) alerts.exhausted(cap, spent);
    if (!exhausted) {
      // Requests in flight hold the rest of the cap; when they settle, there may be room again.
      return new AppError('rate_limited', `The ${cap.name} ($${capUsd}) is fully reserved by requests in flight`, details, 2);
    }
    if (cap.window.end === null) {
      return new AppError('budget_exhausted', `The ${cap.name} reached its lifetime spend cap of $${capUsd}`, details);
    }
    const retryAfter = Math.max(1, Math.ceil((Date.parse(cap.window.end) - msNow(clock)) / 1000));
    return new AppError('rate_limited', `The ${cap.name} reached its cap of $${capUsd} for this period`, details, retryAfter);
  }

  function hold(exchange: Exchange, upstream: UpstreamRequest, budgets: Budget[]): Promise<void> | void {
    const token = exchange.token!;
    const now = clock.now();
    const estimate = estimateOf(upstream.clientBody);
    const caps = capsFor(token, exchange.provider!, budgets, now);
    const model = upstream.plan.model;
    const estimateMicroUsd = prices.costMicroUsd(exchange.provider!.id, exchange.provider!.provider, model, estimate);
    if (estimateMicroUsd === null && caps.some((cap) => !cap.allowUnpriced)) throw unpriced(exchange, model, caps);
    const input = limits.reserveInput(token, estimate.inputTokens + estimate.cacheWriteTokens, now.getTime());
    const reservation: Reservation = { id: null, caps, estimate, estimateMicroUsd: estimateMicroUsd ?? 0, input, tokenId: token.id };
    if (caps.length === 0) {
      exchange.reservation = reservation;
      return;
    }
    const amount = estimateMicroUsd ?? 0;
    const request = {
      // A route's later call (another target, another key) holds its own reservation: the earlier one's release may still be on its way.
      id: exchange.attempts === 0 ? exchange.requestId : `${exchange.requestId}#${exchange.attempts}`,
      amountMicroUsd: amount,
      expiresAt: new Date(now.getTime() + deps.reservationTtlMs).toISOString(),
      counters: caps.map((cap) => cap.counter),
    };
    return ledger.reserve(request).then(
      async ({ crossed }) => {
        if (crossed === null) {
          exchange.reservation = { ...reservation, id: request.id };
          return;
        }
        limits.settleInput(input, 0, msNow(clock));
        const cap = caps.find((each) => each.counter.key === crossed)!;
        const [balance] = await ledger.balances([cap.counter]);
        throw refusal(exchange, cap, balance, amount);
      },
      (error: unknown) => {
        limits.settleInput(input, 0, msNow(clock));
        throw error;
      },
    );
  }

  /**
   * Most requests fall under no cap and no input limit: nothing is estimated or held for them
   * (the estimate re-reads the whole body), and the meter counts the input tokens they used.
   */
  function reserveUnder(exchange: Exchange, upstream: UpstreamRequest, budgets: Budget[]): Promise<void> | void {
    const token = exchange.token!;
    if (token.limits.inputTokensPerMinute === null && !anyCapFor(token, exchange.provider!, budgets)) {
      exchange.reservation = { id: null, caps: [], estimate: null, estimateMicroUsd: 0, input: null, tokenId: token.id };
      return;
    }
    return hold(exchange, upstream, budgets);
  }

  return {
    /** Holds the request's estimate, or throws the refusal (403 unpriced, 402 lifetime cap, 429). */
    reserve(exchange: Exchange, upstream: UpstreamRequest): Promise<void> | void {
      release(exchange);
      if (!upstream.plan.metered) return;
      const budgets = deps.budgetsOf(exchange.token!.projectId);
      const pricesRead = prices.ready();
      if (budgets instanceof Promise || pricesRead) {
        return Promise.all([budgets, pricesRead]).then(([list]) => reserveUnder(exchange, upstream, list));
      }
      return reserveUnder(exchange, upstream, budgets);
    },
    settle,
    /** Settles a request whose usage could not be read to its estimate: unknown usage never runs free. */
    settleEstimated(exchange: Pick<Exchange, 'reservation' | 'clientBody'>): void {
      const reservation = exchange.reservation;
      if (!reservation) return;
      const estimate = reservation.estimate ?? (exchange.clientBody ? estimateOf(exchange.clientBody) : null);
      settle(exchange, reservation.estimateMicroUsd, estimate ? estimate.inputTokens + estimate.cacheWriteTokens : 0);
    },
    /**
     * Whether a spend cap applies to this token on this provider. A WebSocket's turns are not
     * reserved one by one, so a capped token is sent to HTTP, where every request is.
     */
    capped(token: Token, provider: AiProvider): Promise<boolean> | boolean {
      const budgets = deps.budgetsOf(token.projectId);
      const any = (list: Budget[]) => capsFor(token, provider, list, clock.now()).length > 0;
      return budgets instanceof Promise ? budgets.then(any) : any(budgets);
    },
  };

  /** Settles the exchange's reservation to what it used: its cost and input tokens (0 for a request that used none). */
  function settle(exchange: Pick<Exchange, 'reservation'>, costMicroUsd: number, inputTokens: number): void {
    const reservation = exchange.reservation;
    if (!reservation) return;
    exchange.reservation = null;
    if (reservation.input) limits.settleInput(reservation.input, inputTokens, msNow(clock));
    else limits.countInput(reservation.tokenId, inputTokens, msNow(clock));
    if (reservation.id === null) return;
    const counters = reservation.caps.map((cap) => cap.counter);
    ledger.settle(reservation.id, counters, costMicroUsd).then(
      (balances) => alerts.check(reservation.caps, balances),
      (error: unknown) => log.error('a budget reservation could not be settled', { message: (error as Error).message }),
    );
  }

  /** A reservation made for an earlier target (a route falling back) is let go before the next is made. */
  function release(exchange: Exchange): void {
    settle(exchange, 0, 0);
  }
}
export type BudgetReservations = ReturnType<typeof createBudgetReservations>;
