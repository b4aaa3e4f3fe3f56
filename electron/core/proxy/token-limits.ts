import { AppError } from '../../../shared/errors';
import type { Token } from '../../../shared/operations/tokens';
import { createMinuteWindow, type MinuteWindow } from './minute-window';

/** Job tokens come and go by the thousand; past this many windows, idle ones are dropped. */
const maxTrackedTokens = 10_000;

/** Windows with nothing in the last minute count zero: forgetting them loses nothing. */
function dropIdle(map: Map<string, MinuteWindow>, now: number): void {
  for (const [id, window] of map) if (window.count(now) === 0) map.delete(id);
}

/** Input tokens held for one request in its token's window, corrected to what it used when it ends. */
export interface InputHold {
  tokenId: string;
  at: number;
  amount: number;
}

/**
 * Per-token rate limits checked before any upstream call, over sliding one-minute windows:
 * requests per minute, and input tokens per minute, which a request reserves from its estimate
 * before it is sent (so concurrent requests cannot together pass the limit) and settles to what
 * it used. Refusals are 429 with Retry-After. (Spend caps are budgets: see budget-reservations.)
 */
export function createTokenLimits() {
  const requests = new Map<string, MinuteWindow>();
  const inputTokens = new Map<string, MinuteWindow>();

  const windowOf = (map: Map<string, MinuteWindow>, id: string, now: number) => {
    let window = map.get(id);
    if (!window) {
      if (map.size >= maxTrackedTokens) dropIdle(map, now);
      map.set(id, (window = createMinuteWindow()));
    }
    return window;
  };

  return {
    /** Throws a 429 when the request limit is reached; otherwise counts the request (unless `count` is false: a WebSocket handshake, whose turns count). */
    admit(token: Token, now: number, count = true): void {
      const { requestsPerMinute } = token.limits;
      // Every request is counted, limited or not, so a limit set later applies to traffic already flowing.
      const recent = windowOf(requests, token.id, now);
      if (requestsPerMinute !== null && recent.count(now) + 1 > requestsPerMinute) {
        throw new AppError(
          'rate_limited',
          `Token ${token.name} is limited to ${requestsPerMinute} request${requestsPerMinute === 1 ? '' : 's'} per minute`,
          { limit: 'requestsPerMinute' },
          recent.retryAfter(now, 1, requestsPerMinute),
        );
      }
      if (count) recent.add(now, 1);
    },
    /**
     * Holds a request's estimated input tokens in its token's window, or throws a 429 when they
     * would pass the limit. A request under no limit holds nothing: what it used is counted when it
     * ends (`countInput`), so a limit set later still counts it.
     */
    reserveInput(token: Token, estimate: number, now: number): InputHold {
      const limit = token.limits.inputTokensPerMinute;
      const window = windowOf(inputTokens, token.id, now);
      if (limit !== null && window.count(now) + estimate > limit) {
        const tooLarge = estimate > limit;
        throw new AppError(
          'rate_limited',
          tooLarge
            ? `Token ${token.name} is limited to ${limit} input tokens per minute; this request is estimated at ${estimate}`
            : `Token ${token.name} is limited to ${limit} input tokens per minute`,
          { limit: 'inputTokensPerMinute', estimatedInputTokens: estimate },
          window.retryAfter(now, Math.min(estimate, limit), limit),
        );
      }
      window.add(now, estimate);
      return { tokenId: token.id, at: now, amount: estimate };
    },
    /** Counts input tokens a request used when nothing was held for it (no limit applied when it was sent). */
    countInput(tokenId: string, used: number, now: number): void {
      windowOf(inputTokens, tokenId, now).add(now, used);
    },
    /** Replaces a hold's estimate with the input tokens the request actually used. */
    settleInput(hold: InputHold, used: number, now: number): void {
      inputTokens.get(hold.tokenId)?.adjust(hold.at, used - hold.amount, now);
    },
    /** How many minute windows are held (requests and input tokens): what the sweep keeps bounded. */
    trackedWindows(): number {
      return requests.size + inputTokens.size;
    },
  };
}
export type TokenLimits = ReturnType<typeof createTokenLimits>;
