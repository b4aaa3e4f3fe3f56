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

/** Writes rollup rows straight into usage_daily, for tests of the read side. */
export function insertDailyRollups(db: Db, rows: readonly DailyRollup[]): void {
  const insert = db.prepare(`INSERT INTO usage_daily
    (day, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline, requests, errors,
     input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests)
    VALUES (@day, @projectId, @provider, @aiProviderId, @authMethod, @model, @tokenId, @pipeline, @requests, @errors,
     @inputTokens, @outputTokens, @cacheReadTokens, @cacheWriteTokens, @costMicroUsd, @unpricedRequests)`);
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

/** `insertDailyRollups` through another connection to whichever store a test core runs on. */
export async function writeDailyRollups(peek: StorePeek, rows: readonly DailyRollup[]): Promise<void> {
  for (const row of rows) {
    const r = { ...rollupDefaults, ...row };
    await peek.run(
      `INSERT INTO usage_daily (day, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline, requests, errors,
         input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      r.day,
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
    );
  }
}
