import type { PostgresMigration } from '../migrate';

/**
 * SQLite's version 22: marks rows whose usage the proxy could not read (their tokens are unknown,
 * not zero; cost null, counted as unpriced). Older rows were all read.
 */
export const p002UsageUnknown: PostgresMigration = {
  version: 2,
  name: 'usage-unknown',
  async up(client) {
    await client.query('ALTER TABLE usage_records ADD COLUMN usage_unknown BOOLEAN NOT NULL DEFAULT false');
  },
};
