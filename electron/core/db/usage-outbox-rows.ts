import type { Logger } from '../log';
import type { UsageOutbox } from './sqlite/usage-outbox';
import { isStoreUnavailable } from './store-outage';
import type { UsageRowsRepo } from './usage-repo';

const drainBatch = 500;
const retryMs = { first: 250, max: 5_000 };

/**
 * Usage rows for a team database that may go away: written straight through while it answers;
 * while it cannot be reached, and until everything spooled has been delivered, rows go to the
 * local outbox in arrival order, and a drain delivers them oldest first. Delivery is exactly once
 * because the database skips a request id it already has: a batch resent after a crash between
 * its commit and its removal from the outbox lands nothing twice.
 */
export function createOutboxUsageRows(primary: UsageRowsRepo, outbox: UsageOutbox, log: Logger) {
  let draining: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | undefined;
  let wait = retryMs.first;
  let closed = false;

  async function drainOnce(): Promise<boolean> {
    while (!closed) {
      const batch = outbox.peek(drainBatch);
      if (!batch) return true;
      try {
        await primary.append(batch.rows);
      } catch (error) {
        if (!isStoreUnavailable(error)) log.error('spooled usage rows could not be delivered', { message: (error as Error).message });
        return false;
      }
      if (closed) return true;
      outbox.remove(batch.lastSeq);
    }
    return true;
  }

  function drain(): Promise<void> {
    if (draining || closed) return draining ?? Promise.resolve();
    draining = drainOnce().then(
      (done) => {
        draining = null;
        if (done) {
          if (wait !== retryMs.first) log.info('usage outbox delivered to the team database');
          wait = retryMs.first;
          return;
        }
        scheduleRetry();
      },
      () => {
        draining = null;
        scheduleRetry();
      },
    );
    return draining;
  }

  function scheduleRetry(): void {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void drain();
    }, wait);
    retryTimer.unref();
    wait = Math.min(wait * 2, retryMs.max);
  }

  // Rows spooled before a restart go out first.
  if (outbox.size() > 0) void drain();

  const rows: UsageRowsRepo & { pending(): number; drain(): Promise<void>; close(): void } = {
    async append(batch) {
      // Behind rows already spooled, a new batch waits its turn: arrival order holds.
      if (outbox.size() === 0 && !draining) {
        try {
          return await primary.append(batch);
        } catch (error) {
          if (!isStoreUnavailable(error)) throw error;
          log.warn('team database unreachable: usage rows go to the local outbox until it returns', { rows: batch.length });
        }
      }
      outbox.add(batch);
      void drain();
      return [];
    },
    pending: () => outbox.size(),
    drain,
    close() {
      closed = true;
      clearTimeout(retryTimer);
      outbox.close();
    },
  };
  return rows;
}
