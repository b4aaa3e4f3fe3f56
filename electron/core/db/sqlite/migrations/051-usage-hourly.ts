import type { Migration } from '../migrate';

/**
 * Hourly rollups beside the daily ones, with the same dimensions: ranges of up to a week chart by
 * hour from them. Hours are `2026-03-01T13` (the first 13 characters of a row's `at`). Filled from
 * the raw rows still kept, so recent history charts by hour at once.
 */
export const m051UsageHourly: Migration = {
  version: 51,
  name: 'usage-hourly',
  up(db) {
    db.exec(`
      CREATE TABLE usage_hourly (
        hour TEXT NOT NULL,
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
        PRIMARY KEY (hour, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline)
      ) WITHOUT ROWID;
      INSERT INTO usage_hourly
        SELECT substr(at, 1, 13), project_id, provider, COALESCE(ai_provider_id, ''), auth_method, COALESCE(model, ''),
          COALESCE(token_id, ''), COALESCE(pipeline, ''), COUNT(*), SUM(status >= 400 OR outcome <> 'ok'), SUM(input_tokens),
          SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens), COALESCE(SUM(cost_micro_usd), 0),
          SUM(cost_micro_usd IS NULL)
        FROM usage_records GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    `);
  },
};
