import type { PostgresMigration } from '../migrate';

/** SQLite's migration 50 in PostgreSQL's words: the request log's columns and its pipeline index (`attempts` is version 21's). */
export const p030RequestLog: PostgresMigration = {
  version: 30,
  name: 'request-log',
  async up(client) {
    await client.query(`
      ALTER TABLE usage_records ADD COLUMN route TEXT;
      ALTER TABLE usage_records ADD COLUMN overhead_ms INTEGER;
      ALTER TABLE usage_records ADD COLUMN error_message TEXT;
      ALTER TABLE usage_records ADD COLUMN pipeline TEXT;
      UPDATE usage_records SET pipeline = labels->>'pipeline' WHERE jsonb_typeof(labels->'pipeline') = 'string';
      CREATE INDEX usage_records_by_pipeline ON usage_records (pipeline, at) WHERE pipeline IS NOT NULL;
    `);
  },
};
