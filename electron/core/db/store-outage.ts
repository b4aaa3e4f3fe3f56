import { AppError } from '../../../shared/errors';
import { PostgresStoreError } from './postgres/errors';

/** The store cannot be reached at all (a team database that is down or cut off), as opposed to refusing one statement. */
export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof PostgresStoreError && error.problem === 'unreachable';
}

export interface OutageOptions {
  /** How long after the store stopped answering cached configuration still serves (5 min unless set). */
  graceMs?: number;
  /** While it is down, how often a read tries the store instead of answering from the cache at once. */
  probeEveryMs?: number;
  now?: () => number;
}

/**
 * How this gateway rides out a store outage: a read the store cannot answer is answered from the
 * last value read for the same key, for a bounded time after the store went away; past it, or
 * without such a value, the request is refused with 503 saying so. While the store is down, reads
 * answer from the cache at once and only one probe a second waits on it.
 */
export function createOutageWindow(options: OutageOptions = {}) {
  const graceMs = options.graceMs ?? 5 * 60_000;
  const probeEveryMs = options.probeEveryMs ?? 1_000;
  const now = options.now ?? Date.now;
  let downSince: number | null = null;
  let lastProbe = 0;
  let unavailable: Error | null = null;

  function refusal(): AppError {
    const downFor = downSince === null ? 0 : Math.round((now() - downSince) / 1000);
    const cause = unavailable?.message ?? 'the store cannot be reached';
    const message =
      downSince !== null && now() - downSince > graceMs
        ? `The team database has been unreachable for ${downFor} s, longer than this gateway serves from its cached configuration (${Math.round(graceMs / 1000)} s, SWITCHBOARD_OFFLINE_GRACE_MS): ${cause}`
        : `The team database is unreachable and this gateway has no cached copy of what this request needs: ${cause}`;
    return new AppError('store_unavailable', message, undefined, 5);
  }

  const usable = <T>(lastKnown: T | undefined): lastKnown is T =>
    lastKnown !== undefined && downSince !== null && now() - downSince <= graceMs;

  return {
    /**
     * `read` from the store, or — while it cannot be reached, within the grace period — the last
     * value it gave (`lastKnown`). Other errors pass through unchanged.
     */
    read<T>(read: () => Promise<T> | T, lastKnown: T | undefined): Promise<T> | T {
      if (downSince !== null && now() - lastProbe < probeEveryMs) {
        if (usable(lastKnown)) return lastKnown;
        throw refusal();
      }
      lastProbe = now();
      const settled = (value: T): T => {
        downSince = null;
        unavailable = null;
        return value;
      };
      const failed = (error: unknown): T => {
        if (!isStoreUnavailable(error)) throw error;
        downSince ??= now();
        unavailable = error as Error;
        if (usable(lastKnown)) return lastKnown;
        throw refusal();
      };
      try {
        const found = read();
        return found instanceof Promise ? found.then(settled, failed) : settled(found);
      } catch (error) {
        return failed(error);
      }
    },
    /** A write or reservation that found the store unreachable: starts the outage clock without a fallback. */
    noteUnavailable(error: unknown): boolean {
      if (!isStoreUnavailable(error)) return false;
      downSince ??= now();
      unavailable = error as Error;
      return true;
    },
    /** Since when the store has been unreachable (ms since the epoch), or null while it answers. */
    downSince: (): number | null => downSince,
    graceMs,
  };
}
export type OutageWindow = ReturnType<typeof createOutageWindow>;
