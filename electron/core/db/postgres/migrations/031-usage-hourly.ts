import type { PostgresMigration } from '../migrate';

/** SQLite's migration 51 in PostgreSQL's words: hourly rollups (hours as TIMESTAMPTZ), filled from the raw rows kept. */
export const p031UsageHourly: PostgresMigration = {
  version: 31,
  name: 'usage-hourly',
  async up(client) {
    await client.query(`
      CREATE TABLE usage_hourly (
        hour TIMESTAMPTZ NOT NULL,
        project_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        ai_provider_id TEXT NOT NULL,
        auth_method TEXT NOT NULL,
        model TEXT NOT NULL,
        token_id TEXT NOT NULL,
        pipeline TEXT NOT NULL,
        requests BIGINT NOT NULL,
        errors BIGINT NOT NULL,
        input_tokens BIGINT NOT NULL,
        output_tokens BIGINT NOT NULL,
        cache_read_tokens BIGINT NOT NULL,
        cache_write_tokens BIGINT NOT NULL,
        cost_micro_usd BIGINT NOT NULL,
        unpriced_requests BIGINT NOT NULL,
        PRIMARY KEY (hour, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline)
      );
      INSERT INTO usage_hourly
        SELECT date_trunc('hour', at), project_id, provider, COALESCE(ai_provider_id, ''), auth_method, COALESCE(model, ''),
          COALESCE(token_id, ''), COALESCE(pipeline, ''), COUNT(*), COUNT(*) FILTER (WHERE status >= 400 OR outcome <> 'ok'),
          SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens), COALESCE(SUM(cost_micro_usd), 0),
          COUNT(*) FILTER (WHERE cost_micro_usd IS NULL)
        FROM usage_records GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    `);
  },
};
