import type { PostgresMigration } from '../migrate';

const dimensions = 'project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline';

/** SQLite's migration 61 in PostgreSQL's words: rows record their gateway; the rollups key on it ('' before it was recorded). */
export const p057UsageGateway: PostgresMigration = {
  version: 57,
  name: 'usage-gateway',
  async up(client) {
    await client.query(`
      ALTER TABLE usage_records ADD COLUMN gateway_id TEXT;
      CREATE INDEX usage_records_by_gateway ON usage_records (gateway_id, at) WHERE gateway_id IS NOT NULL;
      ALTER TABLE usage_daily ADD COLUMN gateway_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE usage_daily DROP CONSTRAINT usage_daily_pkey, ADD PRIMARY KEY (day, ${dimensions}, gateway_id);
      ALTER TABLE usage_hourly ADD COLUMN gateway_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE usage_hourly DROP CONSTRAINT usage_hourly_pkey, ADD PRIMARY KEY (hour, ${dimensions}, gateway_id);
    `);
  },
};
