import type { PostgresMigration } from '../migrate';

/** SQLite's migration 23 in PostgreSQL's words: usage rows the database refused, with the reason. */
export const p003UsageQuarantine: PostgresMigration = {
  version: 3,
  name: 'usage-quarantine',
  async up(client) {
    await client.query(`
      CREATE TABLE usage_quarantine (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        quarantined_at TIMESTAMPTZ NOT NULL,
        request_id TEXT,
        reason TEXT NOT NULL,
        row TEXT NOT NULL
      );
    `);
  },
};
