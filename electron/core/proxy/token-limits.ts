import { AppError } from '../../../shared/errors';
import type { Token } from '../../../shared/operations/tokens';
import type { EventBus } from '../events';
import { createMinuteWindow, type MinuteWindow } from './minute-window';

export interface TokenLimitsDeps {
  events: EventBus;
  /** Micro-dollars a token has spent so far (read once per token, then kept current in memory). */
  loadSpentMicroUsd(tokenId: string): number;
}

/**
 * Per-token limits checked before any upstream call: requests per minute, input tokens per minute
 * (counted as usage arrives) and the lifetime spend cap. Refusals are 429 with Retry-After.
 */
export function createTokenLimits(deps: TokenLimitsDeps) {
  const requests = new Map<string, MinuteWindow>();
  const inputTokens = new Map<string, MinuteWindow>();
  const spent = new Map<string, number>();
  const capNotified = new Set<string>();

  const windowOf = (map: Map<string, MinuteWindow>, id: string) => {
    let window = map.get(id);
    if (!window) map.set(id, (window = createMinuteWindow()));
    return window;
  };
  const spentOf = (id: string): number => {
    let value = spent.get(id);
    if (value === undefined) spent.set(id, (value = deps.loadSpentMicroUsd(id)));
    return value;
  };
  const capMicro = (token: Token) => (token.limits.spendCapUsd === null ? null : Math.round(token.limits.spendCapUsd * 1_000_000));

  function notifyCap(token: Token): void {
    if (capNotified.has(token.id)) return;
    capNotified.add(token.id);
    deps.events.emit('token.spendCapReached', { tokenId: token.id, tokenName: token.name, projectId: token.projectId });
  }

  return {
    /** Throws a 429 when a limit is reached; otherwise counts the request. */
    admit(token: Token, now: number): void {
      const { requestsPerMinute, inputTokensPerMinute } = token.limits;
      const cap = capMicro(token);
      if (cap !== null && spentOf(token.id) >= cap) {
        notifyCap(token);
        throw new AppError('rate_limited', `Token ${token.name} reached its spend cap of $${token.limits.spendCapUsd}`, { limit: 'spendCapUsd' }, 3600);
      }
      if (requestsPerMinute !== null) {
        const window = windowOf(requests, token.id);
        if (window.count(now) >= requestsPerMinute) {
          throw new AppError('rate_limited', `Token ${token.name} is limited to ${requestsPerMinute} requests per minute`, { limit: 'requestsPerMinute' }, window.retryAfter(now));
        }
        window.add(now, 1);
      }
      if (inputTokensPerMinute !== null) {
        const window = windowOf(inputTokens, token.id);
        if (window.count(now) >= inputTokensPerMinute) {
          throw new AppError('rate_limited', `Token ${token.name} is limited to ${inputTokensPerMinute} input tokens per minute`, { limit: 'inputTokensPerMinute' }, window.retryAfter(now));
        }
      }
    },
    /** Counts what a finished request used. */
    noteUsage(token: Token, input: number, costMicroUsd: number | null, now: number): void {
      if (token.limits.inputTokensPerMinute !== null && input > 0) windowOf(inputTokens, token.id).add(now, input);
      if (costMicroUsd && (token.limits.spendCapUsd !== null || spent.has(token.id))) {
        const total = spentOf(token.id) + costMicroUsd;
        spent.set(token.id, total);
        const cap = capMicro(token);
        if (cap !== null && total >= cap) notifyCap(token);
      }
    },
  };
}
export type TokenLimits = ReturnType<typeof createTokenLimits>;
