import type { Clock } from '../clock';

export interface AuthThrottleOptions {
  /** Failed attempts allowed per client within `windowMs` before further failures get 429. */
  maxFailures?: number;
  windowMs?: number;
  /** Bound on remembered clients; the oldest are forgotten first. */
  maxClients?: number;
}

/**
 * Counts failed authentications per client key in a sliding window. It only ever slows down
 * failures: callers check the presented token first, so a valid token is never locked out.
 */
export function createAuthThrottle(clock: Clock, options: AuthThrottleOptions = {}) {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const maxClients = options.maxClients ?? 10_000;
  const failures = new Map<string, number[]>();

  const recent = (key: string, now: number): number[] => {
    const kept = (failures.get(key) ?? []).filter((at) => at > now - windowMs);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };

  return {
    /** Seconds the client must wait before failing again, or 0 when it may try. */
    retryAfterSeconds(key: string): number {
      const now = clock.now().getTime();
      const kept = recent(key, now);
      if (kept.length < maxFailures) return 0;
      return Math.max(1, Math.ceil((kept[kept.length - maxFailures]! + windowMs - now) / 1000));
    },
    recordFailure(key: string): void {
      const now = clock.now().getTime();
      const kept = recent(key, now);
      failures.delete(key); // re-insert so Map order tracks recency
      failures.set(key, [...kept.slice(-(maxFailures - 1)), now]);
      if (failures.size > maxClients) failures.delete(failures.keys().next().value!);
    },
  };
}
export type AuthThrottle = ReturnType<typeof createAuthThrottle>;
