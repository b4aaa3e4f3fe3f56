import type { PostgresMigration } from '../migrate';

/** SQLite's version 41: the route a request took, its attempt count, and its attempts when more than one. */
export const p021UsageAttempts: PostgresMigration = {
  version: 21,
  name: 'usage-attempts',
  async up(client) {
    await client.query(`
      ALTER TABLE usage_records ADD COLUMN route_id TEXT;
      ALTER TABLE usage_records ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE usage_records ADD COLUMN attempt_log JSONB;
    `);
  },
};
