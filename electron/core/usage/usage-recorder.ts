import type { UsageRecord } from '../../../shared/operations/usage';
import { writeTransaction, type Db } from '../db/database';
import type { EventBus } from '../events';
import { newId } from '../ids';
import type { Logger } from '../log';
import type { PriceTable } from './price-table';

/** What the proxy knows at the end of a request; the recorder adds id and cost. */
export type UsageEntry = Omit<UsageRecord, 'id' | 'costMicroUsd' | 'usageUnknown'> & { usageUnknown?: boolean };

export interface UsageRecorderOptions {
  db: Db;
  events: EventBus;
  log: Logger;
  prices: PriceTable;
  /** Rows wait at most this long before they are written (kill -9 loses at most this window). */
  flushMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
}

/**
 * Batched usage recording, off the hot path: `record` only queues; a timer writes the queue and
 * the matching daily rollups in one transaction. `close` writes whatever is left (SIGTERM-safe).
 */
export function createUsageRecorder(options: UsageRecorderOptions) {
  const { db, events, log, prices } = options;
  const flushMs = options.flushMs ?? 50;
  const maxBatch = options.maxBatch ?? 2000;
  let queue: UsageRecord[] = [];
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const insertRow = db.prepare(`INSERT INTO usage_records (id, at, request_id, project_id, ai_provider_id, provider, auth_method,
      token_id, model, endpoint, streamed, status, outcome, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
      cost_micro_usd, latency_ms, ttfb_ms, labels, usage_unknown)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const upsertDaily = db.prepare(`INSERT INTO usage_daily (day, project_id, provider, ai_provider_id, auth_method, model, token_id,
      pipeline, requests, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests)
    VALUES (@day, @projectId, @provider, @aiProviderId, @authMethod, @model, @tokenId, @pipeline, @requests, @errors, @inputTokens,
      @outputTokens, @cacheReadTokens, @cacheWriteTokens, @cost, @unpriced)
    ON CONFLICT (day, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline) DO UPDATE SET
      requests = requests + excluded.requests, errors = errors + excluded.errors, input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens, cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
      cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens, cost_micro_usd = cost_micro_usd + excluded.cost_micro_usd,
      unpriced_requests = unpriced_requests + excluded.unpriced_requests`);

  /** The batch's rows summed per rollup key: one upsert per key, not per row. */
  function rollups(batch: UsageRecord[]) {
    const sums = new Map<string, { day: string; projectId: string; provider: string; aiProviderId: string; authMethod: string; model: string; tokenId: string; pipeline: string; requests: number; errors: number; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; cost: number; unpriced: number }>();
    for (const row of batch) {
      const dims = {
        day: row.at.slice(0, 10),
        projectId: row.projectId,
        provider: row.provider,
        aiProviderId: row.aiProviderId ?? '',
        authMethod: row.authMethod,
        model: row.model ?? '',
        tokenId: row.tokenId ?? '',
        pipeline: row.labels.pipeline ?? '',
      };
      const key = Object.values(dims).join('\u0000');
      let sum = sums.get(key);
      if (!sum) sums.set(key, (sum = { ...dims, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0, unpriced: 0 }));
      sum.requests++;
      sum.errors += row.status >= 400 || row.outcome !== 'ok' ? 1 : 0;
      sum.inputTokens += row.inputTokens;
      sum.outputTokens += row.outputTokens;
      sum.cacheReadTokens += row.cacheReadTokens;
      sum.cacheWriteTokens += row.cacheWriteTokens;
      sum.cost += row.costMicroUsd ?? 0;
      sum.unpriced += row.costMicroUsd === null ? 1 : 0;
    }
    return sums.values();
  }

  function write(batch: UsageRecord[]): void {
    writeTransaction(db, () => {
      // Positional binding: markedly cheaper than named parameters for a 21-column row.
      for (const r of batch) {
        insertRow.run(r.id, r.at, r.requestId, r.projectId, r.aiProviderId, r.provider, r.authMethod, r.tokenId, r.model, r.endpoint, r.streamed ? 1 : 0,
          r.status, r.outcome, r.inputTokens, r.outputTokens, r.cacheReadTokens, r.cacheWriteTokens, r.costMicroUsd, r.latencyMs, r.ttfbMs, JSON.stringify(r.labels), r.usageUnknown ? 1 : 0);
      }
      for (const sum of rollups(batch)) upsertDaily.run(sum);
    });
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    try {
      write(batch);
    } catch (error) {
      // Keep the rows for the next attempt rather than losing them (a busy database, a full disk).
      log.error('usage rows could not be written; will retry', { rows: batch.length, message: (error as Error).message.slice(0, 200) });
      queue = batch.concat(queue);
      if (!closed) timer = setTimeout(flush, flushMs * 10);
      return;
    }
    events.emit('usage.recorded', { count: batch.length });
  }

  return {
    /**
     * Queues one row and returns it (the entry itself, given its id and cost: it is the recorder's
     * now, and copying twenty fields per request shows in the proxy's profile). Never throws, never
     * blocks on the database.
     */
    record(entry: UsageEntry): UsageRecord {
      const row = entry as UsageRecord;
      row.id = newId('usageRecord');
      row.usageUnknown = entry.usageUnknown === true;
      // Unknown usage is never free: no cost, so the row counts as unpriced.
      row.costMicroUsd = row.usageUnknown ? null : prices.costMicroUsd(entry.provider, entry.model, entry);
      queue.push(row);
      if (closed || queue.length >= maxBatch) flush();
      else if (!timer) timer = setTimeout(flush, flushMs);
      return row;
    },
    flush,
    /** Writes what is queued; later rows are written at once. */
    close(): void {
      closed = true;
      flush();
    },
    get pending(): number {
      return queue.length;
    },
  };
}
export type UsageRecorder = ReturnType<typeof createUsageRecorder>;
