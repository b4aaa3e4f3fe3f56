import type { BreakerPolicy, BreakerStatus } from '../../../../shared/operations/routes';

interface Breaker {
  routeId: string;
  aiProviderId: string;
  /** Times (ms) of failures within the window, oldest first. */
  failures: number[];
  /** Set while open: when the probe may go. */
  openUntil: number | null;
  /** The one request let through after `openUntil`, until it ends. */
  probing: boolean;
}

/** What a breaker says to a request about to use its target. */
export type Admission = 'pass' | 'probe' | 'skip';

/**
 * One circuit breaker per route target: it opens after `failureThreshold` failures within
 * `windowMs`, skips its target while open, lets exactly one probe through after `openMs`, and
 * closes when the probe succeeds (a failed probe opens it again). Held in memory, per gateway.
 */
export function createCircuitBreakers() {
  const breakers = new Map<string, Breaker>();
  const keyOf = (routeId: string, aiProviderId: string) => routeId + '\n' + aiProviderId;

  function breakerOf(routeId: string, aiProviderId: string): Breaker {
    const key = keyOf(routeId, aiProviderId);
    let breaker = breakers.get(key);
    if (!breaker) {
      breaker = { routeId, aiProviderId, failures: [], openUntil: null, probing: false };
      breakers.set(key, breaker);
    }
    return breaker;
  }

  function stateOf(breaker: Breaker, now: number): BreakerStatus['state'] {
    if (breaker.openUntil === null) return 'closed';
    return now < breaker.openUntil ? 'open' : 'half_open';
  }

  return {
    /** Whether a target may be tried now, without changing anything (to know if a retry is possible). */
    wouldAdmit(routeId: string, aiProviderId: string, now: number): boolean {
      const breaker = breakers.get(keyOf(routeId, aiProviderId));
      if (!breaker || breaker.openUntil === null) return true;
      return now >= breaker.openUntil && !breaker.probing;
    },
    /** Takes the target for one attempt: passes, becomes the one probe, or is skipped. */
    admit(routeId: string, aiProviderId: string, now: number): Admission {
      const breaker = breakers.get(keyOf(routeId, aiProviderId));
      if (!breaker || breaker.openUntil === null) return 'pass';
      if (now < breaker.openUntil || breaker.probing) return 'skip';
      breaker.probing = true;
      return 'probe';
    },
    succeeded(routeId: string, aiProviderId: string): void {
      const breaker = breakers.get(keyOf(routeId, aiProviderId));
      if (!breaker) return;
      breaker.failures = [];
      breaker.openUntil = null;
      breaker.probing = false;
    },
    failed(routeId: string, aiProviderId: string, policy: BreakerPolicy, now: number): void {
      const breaker = breakerOf(routeId, aiProviderId);
      if (breaker.probing) {
        breaker.probing = false;
        breaker.openUntil = now + policy.openMs;
        return;
      }
      // Requests sent before it opened may still fail: an open breaker keeps its time.
      if (breaker.openUntil !== null) return;
      const since = now - policy.windowMs;
      breaker.failures = breaker.failures.filter((at) => at > since);
      breaker.failures.push(now);
      if (breaker.failures.length >= policy.failureThreshold) breaker.openUntil = now + policy.openMs;
    },
    /** A probe that ended without a verdict (the client left, shutdown): the next request may probe. */
    released(routeId: string, aiProviderId: string): void {
      const breaker = breakers.get(keyOf(routeId, aiProviderId));
      if (breaker) breaker.probing = false;
    },
    /** A route was edited or deleted: its breakers start over. */
    forgetRoute(routeId: string): void {
      for (const [key, breaker] of breakers) if (breaker.routeId === routeId) breakers.delete(key);
    },
    status(now: number): BreakerStatus[] {
      return [...breakers.values()].map((breaker) => ({
        routeId: breaker.routeId,
        aiProviderId: breaker.aiProviderId,
        state: stateOf(breaker, now),
        recentFailures: breaker.failures.length,
        openUntil: breaker.openUntil === null ? null : new Date(breaker.openUntil).toISOString(),
      }));
    },
  };
}
export type CircuitBreakers = ReturnType<typeof createCircuitBreakers>;
