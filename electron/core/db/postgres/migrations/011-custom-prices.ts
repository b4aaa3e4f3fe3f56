import type { PostgresMigration } from '../migrate';

/** SQLite's migration 32 in PostgreSQL's words: custom prices per model per AI provider. */
export const p011CustomPrices: PostgresMigration = {
  version: 11,
  name: 'custom-prices',
  async up(client) {
    await client.query(`
      CREATE TABLE custom_prices (
        ai_provider_id TEXT NOT NULL REFERENCES ai_providers(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        input DOUBLE PRECISION NOT NULL,
        output DOUBLE PRECISION NOT NULL,
        cache_read DOUBLE PRECISION NOT NULL,
        cache_write DOUBLE PRECISION NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (ai_provider_id, model)
      );
    `);
  },
};
