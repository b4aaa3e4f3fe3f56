import { AppError } from '../../../shared/errors';
import type { Token } from '../../../shared/operations/tokens';
import type { EventBus } from '../events';
import { createMinuteWindow, type MinuteWindow } from './minute-window';

/** Job tokens come and go by the thousand; past this many windows, idle ones are dropped. */
const maxTrackedTokens = 10_000;

/** Windows with nothing in the last two minutes count zero: forgetting them loses nothing. */
function dropIdle(map: Map<string, MinuteWindow>, now: number): void {
  for (const [id, window] of map) if (window.count(now) === 0) map.delete(id);
}

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

  const windowOf = (map: Map<string, MinuteWindow>, id: string, now: number) => {
    let window = map.get(id);
    if (!window) {
      if (map.size >= maxTrackedTokens) dropIdle(map, now);
      map.set(id, (window = createMinuteWindow()));
    }
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
    /** Throws a 429 when a limit is reached; otherwise counts the request (unless `count` is false: a WebSocket handshake, whose turns count). */
    admit(token: Token, now: number, count = true): void {
      const { requestsPerMinute, inputTokensPerMinute } = token.limits;
      const cap = capMicro(token);
      if (cap !== null && spentOf(token.id) >= cap) {
        notifyCap(token);
        throw new AppError(
          'rate_limited',
          `Token ${token.name} reached its spend cap of $${token.limits.spendCapUsd}`,
          { limit: 'spendCapUsd' },
          3600,
        );
      }
      // Every request is counted, limited or not, so a limit set later applies to traffic already flowing.
      const recent = windowOf(requests, token.id, now);
      if (requestsPerMinute !== null && recent.count(now) >= requestsPerMinute) {
        throw new AppError(
          'rate_limited',
          `Token ${token.name} is limited to ${requestsPerMinute} request${requestsPerMinute === 1 ? '' : 's'} per minute`,
          { limit: 'requestsPerMinute' },
          recent.retryAfter(now),
        );
      }
      if (inputTokensPerMinute !== null) {
        const window = windowOf(inputTokens, token.id, now);
        if (window.count(now) >= inputTokensPerMinute) {
          throw new AppError(
            'rate_limited',
            `Token ${token.name} is limited to ${inputTokensPerMinute} input tokens per minute`,
            { limit: 'inputTokensPerMinute' },
            window.retryAfter(now),
          );
        }
      }
      if (count) recent.add(now, 1);
    },
    /** Counts what a finished request used. */
    noteUsage(token: Token, input: number, costMicroUsd: number | null, now: number): void {
      if (input > 0) windowOf(inputTokens, token.id, now).add(now, input);
      if (costMicroUsd && (token.limits.spendCapUsd !== null || spent.has(token.id))) {
        const total = spentOf(token.id) + costMicroUsd;
        spent.set(token.id, total);
        const cap = capMicro(token);
        if (cap !== null && total >= cap) notifyCap(token);
      }
    },
    /** How many minute windows are held (requests and input tokens): what the sweep keeps bounded. */
    trackedWindows(): number {
      return requests.size + inputTokens.size;
    },
  };
}
export type TokenLimits = ReturnType<typeof createTokenLimits>;
