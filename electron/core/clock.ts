/** Time as a dependency, so tests can move it. */
export interface Clock {
  now(): Date;
  /** The same instant in ms, without a Date to allocate (the proxy reads the time several times a request). */
  nowMs?(): number;
}

export const systemClock: Clock = { now: () => new Date(), nowMs: Date.now };

/** The clock's time in ms: `nowMs` where the clock has it, else from `now`. */
export function msNow(clock: Clock): number {
  return clock.nowMs ? clock.nowMs() : clock.now().getTime();
}

export function isoNow(clock: Clock): string {
  return isoOf(msNow(clock));
}

/** Past year 9999 `toISOString` writes six-digit years: such instants are not cached. */
const lastFourDigitYearMs = 253_402_300_799_999;
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/**
 * `new Date(ms).toISOString()`, formatted once per second: the proxy stamps every request (and
 * every token use), and the full formatting cost more than the rest of those steps together.
 */
export function isoOf(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > lastFourDigitYearMs) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 20); // `2026-11-30T13:22:29.`
  }
  const milli = ms - second * 1000;
  return cachedPrefix + (milli < 10 ? '00' : milli < 100 ? '0' : '') + milli + 'Z';
}
