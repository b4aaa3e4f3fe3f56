import { describe, expect, it } from 'vitest';
import { createAuthThrottle } from '../../electron/core/services/auth-throttle';
import { testClock } from '../support/test-clock';

describe('the failed-authentication throttle', () => {
  it('lets a client fail maxFailures times per window, then asks it to wait until the oldest failure ages out', () => {
    const clock = testClock();
    const throttle = createAuthThrottle(clock, { maxFailures: 3, windowMs: 10_000 });
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds('a')).toBe(0);
      throttle.recordFailure('a');
      clock.advance(1_000);
    }
    expect(throttle.retryAfterSeconds('a')).toBe(7); // first failure at t=0 leaves the window at t=10s; now t=3s
    expect(throttle.retryAfterSeconds('b')).toBe(0); // other clients are unaffected
    clock.advance(7_001);
    expect(throttle.retryAfterSeconds('a')).toBe(0);
  });

  it('forgets the oldest clients beyond maxClients', () => {
    const throttle = createAuthThrottle(testClock(), { maxFailures: 1, maxClients: 2 });
    for (const key of ['a', 'b', 'c']) throttle.recordFailure(key);
    expect(throttle.retryAfterSeconds('a')).toBe(0);
    expect(throttle.retryAfterSeconds('c')).toBeGreaterThan(0);
  });
});
