import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Route } from '../../../shared/operations/routes';
import type { Token } from '../../../shared/operations/tokens';
import { readRequestToken, sdkKeyHeaders } from '../http/request-token';
import type { BudgetReservations } from './budget-reservations';
import type { ConcurrencySlots } from './concurrency-slots';
import type { Exchange } from './exchange';
import type { UpstreamRequest } from './prepare-upstream';
import type { TokenLimits } from './token-limits';

export interface AdmitDeps {
  /**
   * The job token for a presented value; throws AppError 401 (or 429 for throttled guessing). The
   * token authenticator is the one owner of the token cache and of its invalidation.
   */
  authenticateJobToken(value: string): Promise<Token> | Token;
  limits: TokenLimits;
  reservations: BudgetReservations;
  slots: ConcurrencySlots;
}

/**
 * The first stage: who is asking, and may they go on. `token` recognises the caller; `permit`
 * checks the routed provider against the token's allowed providers, then its request rate;
 * `slot` takes one of the token's concurrent requests, waiting its turn when the token says so;
 * `reserve`, taken once the upstream request is planned and its model known, holds the
 * request's estimate on its input-token window and its budgets (the meter settles it).
 */
export function createAdmission(deps: AdmitDeps) {
  return {
    token(headers: IncomingHttpHeaders): Promise<Token> | Token {
      const value = readRequestToken(headers, sdkKeyHeaders, true);
      if (!value)
        throw new AppError(
          'unauthorized',
          'Send your Switchboard job token as x-api-key, Authorization: Bearer or Authorization: Token (AWS clients: as the access key id)',
        );
      return deps.authenticateJobToken(value);
    },
    /**
     * Throws 403 for a provider (or route) the token may not use and 429 when a limit is reached;
     * otherwise counts the request (`count` false: checked only, as for a WebSocket handshake whose
     * turns count). A token allowed a route may use it whatever its targets are.
     */
    permit(token: Token, aiProvider: AiProvider, route: Route | null, now: number, count = true): void {
      const allowed = token.allowedProviders;
      if (allowed.length > 0) {
        if (route && !allowed.includes(route.name)) throw new AppError('forbidden', `Token ${token.name} may not use route ${route.name}`);
        if (!route && !allowed.includes(aiProvider.provider) && !allowed.includes(aiProvider.id))
          throw new AppError('forbidden', `Token ${token.name} may not use AI provider ${aiProvider.name}`);
      }
      deps.limits.admit(token, now, count);
    },
    /**
     * Takes one of the token's concurrent slots for the exchange, which lets it go when it ends
     * (`releaseSlot`). Answers a promise while the request waits in the token's queue; a client
     * that leaves meanwhile gives up its place (the promise rejects). Throws or rejects with the
     * 429 `concurrency_limit` when the queue is full or the wait runs out.
     */
    slot(exchange: Exchange): Promise<void> | void {
      const taken = deps.slots.acquire(exchange.token!);
      if (taken === null) return;
      if (typeof taken === 'function') {
        exchange.releaseSlot = taken;
        return;
      }
      exchange.onClientGone(taken.leave);
      return taken.granted.then((release) => {
        exchange.releaseSlot = release;
      });
    },
    /** Throws 403 for an unpriced model under a cap, 402 for a used-up lifetime cap, 429 for the rest. */
    reserve(exchange: Exchange, upstream: UpstreamRequest): Promise<void> | void {
      return deps.reservations.reserve(exchange, upstream);
    },
  };
}
export type Admission = ReturnType<typeof createAdmission>;
