import type { Migration } from '../migrate';

const counters = 'requests, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests';
const dimensions = 'project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline';

/** A rollup table rebuilt with `gateway_id` as the last key column ('', the default, for rows from before it was recorded). */
function rebuildRollup(table: string, time: 'day' | 'hour'): string {
  return `
    CREATE TABLE ${table}_new (
      ${time} TEXT NOT NULL,
      project_id TEXT NOT NULL,
      provider TEXT NOT NULL,
      ai_provider_id TEXT NOT NULL,
      auth_method TEXT NOT NULL,
      model TEXT NOT NULL,
      token_id TEXT NOT NULL,
      pipeline TEXT NOT NULL,
      requests INTEGER NOT NULL,
      errors INTEGER NOT NULL,
      input_tokens INTEGER NOT NULL,
      output_tokens INTEGER NOT NULL,
      cache_read_tokens INTEGER NOT NULL,
      cache_write_tokens INTEGER NOT NULL,
      cost_micro_usd INTEGER NOT NULL,
      unpriced_requests INTEGER NOT NULL,
      gateway_id TEXT NOT NULL DEFAULT '',
      PRIMARY KEY (${time}, ${dimensions}, gateway_id)
    ) WITHOUT ROWID;
    INSERT INTO ${table}_new SELECT ${time}, ${dimensions}, ${counters}, '' FROM ${table};
    DROP TABLE ${table};
    ALTER TABLE ${table}_new RENAME TO ${table};`;
}

/**
 * Usage by gateway: every row records the gateway that served it (its heartbeat id), and the daily
 * and hourly rollups gain it as a key, so usage groups and filters by gateway. Rows and rollups
 * from before have none (NULL on rows, '' in the rollups): "before gateways were recorded".
 */
export const m072UsageGateway: Migration = {
  version: 72,
  name: 'usage-gateway',
  up(db) {
    db.exec(`
      ALTER TABLE usage_records ADD COLUMN gateway_id TEXT;
      CREATE INDEX usage_records_by_gateway ON usage_records (gateway_id, at) WHERE gateway_id IS NOT NULL;
      ${rebuildRollup('usage_daily', 'day')}
      CREATE INDEX usage_daily_by_model ON usage_daily (day, model, ${counters});
      CREATE INDEX usage_daily_by_provider ON usage_daily (day, provider, ${counters});
      CREATE INDEX usage_daily_by_pipeline ON usage_daily (day, pipeline, ${counters});
      ${rebuildRollup('usage_hourly', 'hour')}
    `);
  },
};
