import type { UsageRecord } from '../../../shared/operations/usage';
import type { Logger } from '../log';

/** Something told about every finished request, with its usage row: metrics, the log line, traces. */
export type RequestObserver = (row: UsageRecord) => void;

/**
 * The observers as one, each shielded from the others and from the proxy: an observer that throws
 * is logged (once per observer) and the request it was told about is unaffected.
 */
export function combineObservers(observers: readonly RequestObserver[], log: Logger): RequestObserver {
  const failed = new Set<number>();
  return (row) => {
    for (let i = 0; i < observers.length; i++) {
      try {
        observers[i]!(row);
      } catch (error) {
        if (failed.has(i)) continue;
        failed.add(i);
        log.error('a request observer failed', { observer: i, message: (error as Error).message.slice(0, 200) });
      }
    }
  };
}
