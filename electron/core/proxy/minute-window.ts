const minuteMs = 60_000;
const secondMs = 1000;
/** One bucket per second of the last minute, plus the one in progress. */
const buckets = 61;

/**
 * A sliding one-minute count in per-second buckets (constant memory). An amount counts until a
 * full minute has passed since the end of its second, so the count is never below what truly
 * arrived in the last 60 s: a limit on it holds in every 60-second window, across minute
 * boundaries, erring by under a second on the strict side.
 */
export function createMinuteWindow() {
  const amounts = new Array<number>(buckets).fill(0);
  const seconds = new Array<number>(buckets).fill(-Infinity);

  /** Buckets still counting at `now`: their second ended less than a minute ago. */
  const live = (second: number, now: number) => (second + 1) * secondMs + minuteMs > now;

  function bucketAt(now: number): number {
    const second = Math.floor(now / secondMs);
    const index = second % buckets;
    if (seconds[index] !== second) {
      seconds[index] = second;
      amounts[index] = 0;
    }
    return index;
  }

  return {
    count(now: number): number {
      let total = 0;
      for (let i = 0; i < buckets; i++) if (live(seconds[i]!, now)) total += amounts[i]!;
      return total;
    },
    add(now: number, amount: number): void {
      amounts[bucketAt(now)]! += amount;
    },
    /**
     * Moves an amount added at `at` by `delta` (a reservation settling to what was used), if its
     * second still counts; an amount that has already left the window has nothing to correct.
     */
    adjust(at: number, delta: number, now: number): void {
      const second = Math.floor(at / secondMs);
      const index = second % buckets;
      if (seconds[index] === second && live(second, now)) amounts[index] = Math.max(0, amounts[index]! + delta);
    },
    /** Seconds until the count has room for `needed` more under `limit` (at least 1). */
    retryAfter(now: number, needed = 1, limit = 0): number {
      const held = Array.from({ length: buckets }, (_, i) => [seconds[i]!, amounts[i]!] as const)
        .filter(([second, amount]) => amount > 0 && live(second, now))
        .sort((a, b) => a[0] - b[0]);
      let total = held.reduce((sum, [, amount]) => sum + amount, 0);
      for (const [second, amount] of held) {
        total -= amount;
        if (total + needed <= limit) return secondsUntil((second + 1) * secondMs + minuteMs, now);
      }
      return held.length > 0 ? secondsUntil((held.at(-1)![0] + 1) * secondMs + minuteMs, now) : 1;
    },
  };
}
export type MinuteWindow = ReturnType<typeof createMinuteWindow>;

/** Whole seconds from `now` to `at`, between 1 and 60 (a second's bucket ends within a second of its last amount). */
function secondsUntil(at: number, now: number): number {
  return Math.min(60, Math.max(1, Math.ceil((at - now) / secondMs)));
}
