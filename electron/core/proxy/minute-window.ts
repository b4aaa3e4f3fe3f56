const minuteMs = 60_000;

/** A one-minute sliding count, approximated from the current and the previous fixed minute (constant memory). */
export function createMinuteWindow() {
  let start = 0;
  let current = 0;
  let previous = 0;
  function roll(now: number): void {
    const minute = now - (now % minuteMs);
    if (minute === start) return;
    previous = minute - start === minuteMs ? current : 0;
    current = 0;
    start = minute;
  }
  return {
    count(now: number): number {
      roll(now);
      return previous * (1 - (now - start) / minuteMs) + current;
    },
    add(now: number, amount: number): void {
      roll(now);
      current += amount;
    },
    /** Seconds until the next minute starts, when the count surely drops. */
    retryAfter(now: number): number {
      return Math.max(1, Math.ceil((start + minuteMs - now) / 1000));
    },
  };
}
export type MinuteWindow = ReturnType<typeof createMinuteWindow>;
