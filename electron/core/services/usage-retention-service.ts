import { defaultRetentionDays, type UsageRetention } from '../../../shared/operations/retention';
import { isoNow, type Clock } from '../clock';
import type { Store } from '../db/store';
import type { Logger } from '../log';
import type { Actor } from '../operations/actor';
import type { AuditService } from './audit-service';

const settingKey = 'usage.retentionDays';

export interface RetentionOptions {
  /** Rows deleted per batch: small, so each write is short and recording is never held up for long. */
  batchRows?: number;
  /** How often pruning runs (it also runs shortly after start). */
  everyMs?: number;
  /** Delay after start before the first run, so startup is not slowed. */
  firstRunMs?: number;
}

/**
 * Retention of raw usage rows (the request log): a setting (default 90 days), and a pruner that
 * deletes older rows in small batches, yielding to the event loop between batches, off the hot
 * path. Rollups are never pruned.
 */
export function createUsageRetentionService(
  deps: { store: Store; clock: Clock; log: Logger; audit: AuditService },
  options: RetentionOptions = {},
) {
  const { store, clock, log } = deps;
  const batchRows = options.batchRows ?? 2_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let lastPrunedAt: string | null = null;
  let prunedRows = 0;
  /** Pruning runs only in a serving gateway (started), never in a one-off CLI command. */
  let stopped = true;

  async function rawRowsDays(): Promise<number> {
    const value = Number(await store.settings.get(settingKey));
    return Number.isInteger(value) && value > 0 ? value : defaultRetentionDays;
  }

  async function describe(): Promise<UsageRetention> {
    const [days, oldestRawRowAt, databaseBytes] = await Promise.all([
      rawRowsDays(),
      store.usageRetention.oldestRawRowAt(),
      store.usageRetention.databaseBytes(),
    ]);
    return { rawRowsDays: days, oldestRawRowAt, databaseBytes, lastPrunedAt, prunedRows };
  }

  /** Captured bodies go at their own expiry (their project's days when captured), in the same small batches. */
  async function pruneBodies(): Promise<void> {
    const now = isoNow(clock);
    let deleted = 0;
    for (;;) {
      const batch = await store.requestBodies.pruneExpired(now, batchRows);
      deleted += batch;
      if (batch < batchRows || stopped) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (deleted > 0) log.info('captured bodies pruned', { pairs: deleted });
  }

  /** One pass: batches until the rows older than the limit are gone; each batch waits its turn on the connection. */
  async function pass(): Promise<number> {
    const before = new Date(clock.now().getTime() - (await rawRowsDays()) * 86_400_000).toISOString();
    let deleted = 0;
    for (;;) {
      const batch = await store.usageRetention.pruneBatch(before, batchRows);
      deleted += batch;
      prunedRows += batch;
      if (batch < batchRows || stopped) break;
      // Let requests, the recorder and the API in between two batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    lastPrunedAt = isoNow(clock);
    if (deleted > 0) log.info('usage rows pruned', { rows: deleted, before });
    await pruneBodies();
    return deleted;
  }

  /** Runs a pass unless one is running (then waits for that one). Never throws: a failed pass is logged and retried next time. */
  function prune(): Promise<number> {
    running ??= pass()
      .catch((error: unknown) => {
        log.error('pruning usage rows failed; will retry', { message: (error as Error).message.slice(0, 200) });
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  function schedule(ms: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void prune().then(() => schedule(options.everyMs ?? 3_600_000));
    }, ms);
    timer.unref();
  }

  return {
    get: (): Promise<UsageRetention> => describe(),
    async update(actor: Actor, rawRowsDaysValue: number): Promise<UsageRetention> {
      await store.settings.set(settingKey, String(rawRowsDaysValue));
      await store.transaction((tx) =>
        deps.audit.record(tx, actor, 'usage:UpdateUsageRetention', { type: 'setting', id: settingKey, projectId: null }, ['rawRowsDays']),
      );
      // In a serving gateway a shorter limit takes effect now, not at the next hourly pass.
      if (!stopped) void prune();
      return describe();
    },
    prune,
    /** Starts the periodic pruning (a first pass shortly after start). */
    start(): void {
      stopped = false;
      if (timer) clearTimeout(timer);
      schedule(options.firstRunMs ?? 30_000);
    },
    /** Stops scheduling and ends a running pass after its current batch. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
export type UsageRetentionService = ReturnType<typeof createUsageRetentionService>;
