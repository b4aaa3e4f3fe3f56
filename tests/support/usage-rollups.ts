import type { Db } from '../../electron/core/db/sqlite/database';
import type { StorePeek } from './store-peek';

/** One usage_daily row; unspecified dimensions are '' (none) and counters 0. */
export interface DailyRollup {
  day: string;
  projectId: string;
  provider?: string;
  aiProviderId?: string;
  authMethod?: string;
  model?: string;
  tokenId?: string;
  pipeline?: string;
  requests?: number;
  errors?: number;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  costMicroUsd?: number;
  unpricedRequests?: number;
}

/** What a rollup row holds where a test says nothing. */
const rollupDefaults = {
  provider: 'anthropic',
  aiProviderId: '',
  authMethod: 'byo',
  model: '',
  tokenId: '',
  pipeline: '',
  requests: 1,
  errors: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costMicroUsd: 0,
  unpricedRequests: 0,
};

const rollupColumns = `project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline, requests, errors,
     input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests`;
const rollupValues = `@projectId, @provider, @aiProviderId, @authMethod, @model, @tokenId, @pipeline, @requests, @errors,
     @inputTokens, @outputTokens, @cacheReadTokens, @cacheWriteTokens, @costMicroUsd, @unpricedRequests`;

/**
 * Writes rollup rows straight into usage_daily, for tests of the read side, and the same counts
 * into usage_hourly at midnight (`hour`, `2026-03-01T00`, unless given), as the recorder would.
 */
export function insertDailyRollups(db: Db, rows: readonly (DailyRollup & { hour?: string })[]): void {
  const daily = db.prepare(`INSERT INTO usage_daily (day, ${rollupColumns}) VALUES (@day, ${rollupValues})`);
  const hourly = db.prepare(`INSERT INTO usage_hourly (hour, ${rollupColumns}) VALUES (@hour, ${rollupValues})`);
  const insert = {
    run(row: DailyRollup & { hour?: string }) {
      const { hour, ...rest } = row;
      daily.run(rest);
      hourly.run({ ...rest, hour: hour ?? `${row.day}T00` });
    },
  };
  db.transaction(() => {
    for (const row of rows) {
      insert.run({
        ...rollupDefaults,
        ...row,
      });
    }
  })();
}

export function defaultProjectId(db: Db): string {
  return db.prepare('SELECT id FROM projects WHERE is_default = 1').pluck().get() as string;
}

/** `insertDailyRollups` through another connection to whichever store a test core runs on (usage_daily and usage_hourly). */
export async function writeDailyRollups(peek: StorePeek, rows: readonly (DailyRollup & { hour?: string })[]): Promise<void> {
  for (const { hour, ...row } of rows) {
    const r = { ...rollupDefaults, ...row };
    const values = [
      r.projectId,
      r.provider,
      r.aiProviderId,
      r.authMethod,
      r.model,
      r.tokenId,
      r.pipeline,
      r.requests,
      r.errors,
      r.inputTokens,
      r.outputTokens,
      r.cacheReadTokens,
      r.cacheWriteTokens,
      r.costMicroUsd,
      r.unpricedRequests,
    ];
    const placeholders = values.map(() => '?').join(', ');
    await peek.run(`INSERT INTO usage_daily (day, ${rollupColumns}) VALUES (?, ${placeholders})`, r.day, ...values);
    await peek.run(
      `INSERT INTO usage_hourly (hour, ${rollupColumns}) VALUES (?, ${placeholders})`,
      hourKey(peek, hour ?? `${r.day}T00`),
      ...values,
    );
  }
}

/** An hour as each store keys it: SQLite's text `2026-03-01T00`, PostgreSQL's timestamptz. */
const hourKey = (peek: StorePeek, hour: string) => (peek.kind === 'sqlite' ? hour : `${hour}:00:00Z`);
