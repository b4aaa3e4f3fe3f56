import type { UsageRecord } from '../../../shared/operations/usage';
import type { UsageRowsRepo } from '../db/usage-repo';
import type { Logger } from '../log';

export interface UsageRecorderOptions {
  rows: UsageRowsRepo;
  log: Logger;
  /** Rows wait at most this long before they are written (kill -9 loses at most this window). */
  flushMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
  /** Rows kept while the database cannot write; beyond it new rows are dropped and counted. */
  maxQueued?: number;
}

/**
 * How long rows wait before they are written, by store: a team database across the network gets
 * fewer, bigger batches, since each write pays a round trip and an update of every rollup key it
 * touches whatever its size (75-row batches cost PostgreSQL about 1.5× the CPU per row of 300-row
 * ones). Either bound is what a kill -9 may lose.
 */
export function usageFlushMs(storeKind: string | undefined): number {
  return storeKind === 'postgres' ? 250 : 50;
}

/** What the recorder has not written, dropped and set aside, for the system status. */
export interface UsageRecorderStats {
  pendingRows: number;
  droppedRows: number;
  quarantinedRows: number;
}

/**
 * Batched usage recording, off the hot path: `record` only queues complete rows; a timer hands
 * the queue to the store. A row the store refuses is quarantined there (its reason logged once),
 * never retried for ever in front of the others; a batch the store cannot write at all is kept and
 * retried, within a bounded queue whose overflow is counted. `close` writes what is left (SIGTERM).
 */
export function createUsageRecorder(options: UsageRecorderOptions) {
  const { rows, log } = options;
  const flushMs = options.flushMs ?? 50;
  const maxBatch = options.maxBatch ?? 2000;
  const maxQueued = options.maxQueued ?? 100_000;
  let queue: UsageRecord[] = [];
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let dropped = 0;
  let quarantined = 0;
  const loggedReasons = new Set<string>();

  function drop(count: number): void {
    if (dropped === 0) log.error('usage queue full: rows are being dropped', { maxQueued });
    dropped += count;
  }

  function noteQuarantined(refused: { requestId: string; reason: string }[]): void {
    for (const { requestId, reason } of refused) {
      quarantined++;
      if (loggedReasons.has(reason) || loggedReasons.size >= 100) continue;
      loggedReasons.add(reason);
      log.error('usage row refused by the database; set aside in usage_quarantine', { requestId, reason });
    }
  }

  function keepForRetry(batch: UsageRecord[], error: unknown): void {
    // A busy database or a full disk: keep the rows for the next attempt, within the bound.
    log.error('usage rows could not be written; will retry', { rows: batch.length, message: (error as Error).message.slice(0, 200) });
    queue = batch.concat(queue);
    if (queue.length > maxQueued) drop(queue.splice(maxQueued).length);
    if (!closed && !timer) timer = setTimeout(flush, flushMs * 10);
  }

  /** Writes under way; `flush` resolves once they have all landed (or been kept for a retry). */
  const writing = new Set<Promise<void>>();

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queue.length > 0) {
      const batch = queue;
      queue = [];
      const write = rows.append(batch).then(noteQuarantined, (error: unknown) => keepForRetry(batch, error));
      writing.add(write);
      void write.finally(() => writing.delete(write));
    }
    return Promise.all(writing).then(() => undefined);
  }

  return {
    /** Queues one complete row (id and cost already set). Never throws, never blocks on the database. */
    record(row: UsageRecord): void {
      if (queue.length >= maxQueued) return drop(1);
      queue.push(row);
      if (closed || queue.length >= maxBatch) flush();
      else if (!timer) timer = setTimeout(flush, flushMs);
    },
    flush,
    /** Writes what is queued; later rows are written at once. */
    close(): void {
      closed = true;
      void flush();
    },
    get pending(): number {
      return queue.length;
    },
    stats(): UsageRecorderStats {
      return { pendingRows: queue.length, droppedRows: dropped, quarantinedRows: quarantined };
    },
  };
}
export type UsageRecorder = ReturnType<typeof createUsageRecorder>;
