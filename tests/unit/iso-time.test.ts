import { expect, it } from 'vitest';
import { isoNow, isoOf, msNow, systemClock } from '../../electron/core/clock';

it('formats instants exactly as toISOString does, within a second, across seconds and at the edges', () => {
  const start = Date.UTC(2026, 10, 30, 23, 59, 58, 0);
  // Every millisecond of three seconds around midnight, in and out of order (the cache keeps one second).
  const instants = Array.from({ length: 3000 }, (_, i) => start + i);
  for (const ms of [...instants, ...instants.reverse()]) expect(isoOf(ms)).toBe(new Date(ms).toISOString());
  for (const ms of [0, 9, 10, 99, 100, 999, Date.UTC(9999, 11, 31, 23, 59, 59, 999)]) expect(isoOf(ms)).toBe(new Date(ms).toISOString());
});

it('leaves what the cache cannot write to toISOString: fractions, instants before 1970 or past year 9999', () => {
  for (const ms of [1.5, Date.UTC(2026, 0, 1) + 0.25, -1, -86_400_001, Date.UTC(10000, 0, 1), Date.UTC(275760, 8, 13)])
    expect(isoOf(ms)).toBe(new Date(ms).toISOString());
  expect(() => isoOf(Number.NaN)).toThrow(RangeError);
});

it('reads a clock in ms from nowMs where it has one, else from now (a test clock moved by hand)', () => {
  const moved = { now: () => new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 6)) };
  expect(msNow(moved)).toBe(Date.UTC(2030, 0, 2, 3, 4, 5, 6));
  expect(isoNow(moved)).toBe('2030-01-02T03:04:05.006Z');
  expect(msNow({ now: () => new Date(0), nowMs: () => 42 })).toBe(42);
  const before = Date.now();
  const read = msNow(systemClock);
  expect(read).toBeGreaterThanOrEqual(before);
  expect(read).toBeLessThanOrEqual(Date.now());
  expect(Math.abs(systemClock.now().getTime() - msNow(systemClock))).toBeLessThan(1_000);
});
