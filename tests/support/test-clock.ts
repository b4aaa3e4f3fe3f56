import type { Clock } from '../../electron/core/clock';

/** A clock tests move by hand: starts at the real time, `advance` jumps ahead. */
export function testClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => void (offset += ms),
  };
}
