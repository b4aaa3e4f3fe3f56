import type { UsageRecord, UsageTotals } from '../../../../shared/operations/usage';
import { writeTransaction, type Db } from './database';
import type { QuarantinedUsageRow, UsageRowsRepo } from '../usage-repo';
import type { Synchronous } from './promised';
import { zeroTotals } from '../usage-shaping';

/**
 * The dimensions of a `usage_daily` row ('' stands for none: SQLite's NULLs never match in ON CONFLICT);
 * `day` is the hour (`2026-03-01T13`) for a `usage_hourly` row.
 */
interface RollupKey {
  day: string;
  projectId: string;
  provider: string;
  aiProviderId: string;
  authMethod: string;
  model: string;
  tokenId: string;
  pipeline: string;
}
type RollupSum = RollupKey & UsageTotals;

/** Errors that belong to one row (constraint, type, binding), not to the database as a whole. */
function isRowRefusal(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code);
}

/** A row's rollup dimensions besides its day (or hour), and them joined: the sum's id within one batch. */
function rollupDimensions(row: UsageRecord): { key: Omit<RollupKey, 'day'>; id: string } {
  const key = {
    projectId: row.projectId,
    provider: row.provider,
    aiProviderId: row.aiProviderId ?? '',
    authMethod: row.authMethod,
    model: row.model ?? '',
    tokenId: row.tokenId ?? '',
    pipeline: row.labels.pipeline ?? '',
  };
  const id = `${key.projectId}\0${key.provider}\0${key.aiProviderId}\0${key.authMethod}\0${key.model}\0${key.tokenId}\0${key.pipeline}`;
  return { key, id };
}

/** Adds the row to the sum of its dimensions on `day` (a day, or an hour): the key object is built only for a new sum. */
function addTo(sums: Map<string, RollupSum>, day: string, dimensions: ReturnType<typeof rollupDimensions>, row: UsageRecord): void {
  const id = day + '\0' + dimensions.id;
  let sum = sums.get(id);
  if (!sum) {
    sum = { day, ...dimensions.key, ...zeroTotals() };
    sums.set(id, sum);
  }
  sum.requests++;
  sum.errors += row.status >= 400 || row.outcome !== 'ok' ? 1 : 0;
  sum.inputTokens += row.inputTokens;
  sum.outputTokens += row.outputTokens;
  sum.cacheReadTokens += row.cacheReadTokens;
  sum.cacheWriteTokens += row.cacheWriteTokens;
  sum.costMicroUsd += row.costMicroUsd ?? 0;
  sum.unpricedRequests += row.costMicroUsd === null ? 1 : 0;
}

function asJson(row: UsageRecord): string {
  try {
    return JSON.stringify(row) ?? String(row);
  } catch {
    return String(row);
  }
}

/**
 * Usage rows on SQLite: one `BEGIN IMMEDIATE` per batch with the rollups summed per key (one upsert
 * per key, not per row). A refused INSERT aborts only its own statement, so a bad row is set aside
 * inside the same transaction and the rest of the batch lands.
 */
export function createSqliteUsageRows(db: Db, now: () => string): Synchronous<UsageRowsRepo> {
  const insertRow = db.prepare(`INSERT INTO usage_records (id, at, request_id, project_id, ai_provider_id, provider, auth_method,
      token_id, model, endpoint, streamed, status, outcome, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
      cost_micro_usd, latency_ms, ttfb_ms, labels, usage_unknown, route_id, attempts, attempt_log, route, overhead_ms, error_message,
      pipeline)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const upsertDaily = db.prepare(`INSERT INTO usage_daily (day, project_id, provider, ai_provider_id, auth_method, model, token_id,
      pipeline, requests, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests)
    VALUES (@day, @projectId, @provider, @aiProviderId, @authMethod, @model, @tokenId, @pipeline, @requests, @errors, @inputTokens,
      @outputTokens, @cacheReadTokens, @cacheWriteTokens, @costMicroUsd, @unpricedRequests)
    ON CONFLICT (day, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline) DO UPDATE SET
      requests = requests + excluded.requests, errors = errors + excluded.errors, input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens, cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
      cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens, cost_micro_usd = cost_micro_usd + excluded.cost_micro_usd,
      unpriced_requests = unpriced_requests + excluded.unpriced_requests`);
  // The same sums one level finer; `@day` carries the hour.
  const upsertHourly = db.prepare(`INSERT INTO usage_hourly (hour, project_id, provider, ai_provider_id, auth_method, model, token_id,
      pipeline, requests, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests)
    VALUES (@day, @projectId, @provider, @aiProviderId, @authMethod, @model, @tokenId, @pipeline, @requests, @errors, @inputTokens,
      @outputTokens, @cacheReadTokens, @cacheWriteTokens, @costMicroUsd, @unpricedRequests)
    ON CONFLICT (hour, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline) DO UPDATE SET
      requests = requests + excluded.requests, errors = errors + excluded.errors, input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens, cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
      cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens, cost_micro_usd = cost_micro_usd + excluded.cost_micro_usd,
      unpriced_requests = unpriced_requests + excluded.unpriced_requests`);
  const quarantine = db.prepare('INSERT INTO usage_quarantine (quarantined_at, request_id, reason, row) VALUES (?, ?, ?, ?)');

  function write(rows: readonly UsageRecord[]): QuarantinedUsageRow[] {
    const refused: QuarantinedUsageRow[] = [];
    writeTransaction(db, () => {
      const sums = new Map<string, RollupSum>();
      const hourly = new Map<string, RollupSum>();
      for (const r of rows) {
        try {
          const dimensions = rollupDimensions(r);
          // Positional binding: markedly cheaper than named parameters for a 29-column row.
          insertRow.run(
            r.id,
            r.at,
            r.requestId,
            r.projectId,
            r.aiProviderId,
            r.provider,
            r.authMethod,
            r.tokenId,
            r.model,
            r.endpoint,
            r.streamed ? 1 : 0,
            r.status,
            r.outcome,
            r.inputTokens,
            r.outputTokens,
            r.cacheReadTokens,
            r.cacheWriteTokens,
            r.costMicroUsd,
            r.latencyMs,
            r.ttfbMs,
            JSON.stringify(r.labels),
            r.usageUnknown ? 1 : 0,
            r.routeId,
            r.attempts,
            r.attemptLog === null ? null : JSON.stringify(r.attemptLog),
            r.route,
            r.overheadMs,
            r.errorMessage,
            dimensions.key.pipeline || null,
          );
          addTo(sums, r.at.slice(0, 10), dimensions, r);
          addTo(hourly, r.at.slice(0, 13), dimensions, r);
        } catch (error) {
          if (!isRowRefusal(error)) throw error;
          const requestId = typeof r?.requestId === 'string' ? r.requestId : '';
          const reason = (error as Error).message.slice(0, 300);
          quarantine.run(now(), requestId, reason, asJson(r));
          refused.push({ requestId, reason });
        }
      }
      for (const sum of sums.values()) upsertDaily.run(sum);
      for (const sum of hourly.values()) upsertHourly.run(sum);
    });
    return refused;
  }

  return { append: write };
}
