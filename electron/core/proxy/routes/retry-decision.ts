import type { FailureKind } from '../../../../shared/operations/routes';
import type { Attempt } from '../attempt';
import type { CircuitBreakers } from './circuit-breakers';

/** Where a failed request goes next: the same target (after `waitMs`, the upstream's Retry-After, if it gave one) or the next. */
export interface NextTry {
  sameTarget: boolean;
  waitMs: number | null;
}

/**
 * Whether a failure is tried again and where, by the route's retry policy: only the failures it
 * names, within its attempt budget; the same target while it has attempts left and its Retry-After
 * is within the policy's bound, else the next target whose breaker lets it through. Null: the
 * failure is the client's answer.
 */
export function nextTry(
  attempt: Attempt,
  failure: FailureKind,
  waitMs: number | null,
  breakers: CircuitBreakers,
  now: number,
): NextTry | null {
  const route = attempt.routing.route;
  if (!route) return null;
  const policy = route.retry;
  if (!policy.retryOn.includes(failure) || attempt.exchange.attempts >= policy.maxAttempts) return null;
  const current = attempt.current!;
  const sameAllowed =
    attempt.onCurrent < policy.attemptsPerTarget &&
    (waitMs === null || waitMs <= policy.maxWaitMs) &&
    breakers.wouldAdmit(route.id, current.provider.id, now);
  if (sameAllowed) return { sameTarget: true, waitMs };
  for (let i = attempt.next; i < attempt.order.length; i++) {
    if (breakers.wouldAdmit(route.id, attempt.order[i]!.provider.id, now)) return { sameTarget: false, waitMs: null };
  }
  return null;
}

/** The wait before trying the same target again: its Retry-After, else exponential backoff with full jitter, both bounded. */
export function retryWaitMs(attempt: Attempt, retryAfter: number | null): number {
  const policy = attempt.routing.route!.retry;
  if (retryAfter !== null) return Math.min(retryAfter, policy.maxWaitMs);
  const ceiling = Math.min(policy.maxWaitMs, policy.backoffMs * 2 ** Math.max(0, attempt.onCurrent - 1));
  return Math.floor(Math.random() * ceiling);
}
