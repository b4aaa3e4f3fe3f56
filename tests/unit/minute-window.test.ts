import { describe, expect, it } from 'vitest';
import { createMinuteWindow } from '../../electron/core/proxy/minute-window';

const minute = Date.UTC(2026, 0, 1, 12, 1, 0);

describe('the sliding one-minute window', () => {
  it('still counts what arrived at :59.5 half a second into the next minute, and for a full minute after', () => {
    const window = createMinuteWindow();
    window.add(minute - 500, 10);
    expect(window.count(minute + 500)).toBeGreaterThanOrEqual(10);
    expect(window.count(minute + 59_400)).toBeGreaterThanOrEqual(10);
    expect(window.count(minute + 60_000)).toBe(0);
  });

  it('never counts less than what truly arrived in the last 60 s, at any moment', () => {
    const window = createMinuteWindow();
    const arrivals: number[] = [];
    for (let t = minute; t < minute + 180_000; t += 737) {
      window.add(t, 1);
      arrivals.push(t);
      const truth = arrivals.filter((at) => at > t - 60_000).length;
      expect(window.count(t)).toBeGreaterThanOrEqual(truth);
      expect(window.count(t)).toBeLessThanOrEqual(truth + 2);
    }
  });

  it('tells how long until there is room again, at most a minute', () => {
    const window = createMinuteWindow();
    window.add(minute, 5);
    window.add(minute + 30_000, 5);
    expect(window.retryAfter(minute + 31_000, 1, 10)).toBe(30);
    expect(window.retryAfter(minute + 31_000, 6, 10)).toBe(60);
  });
});
