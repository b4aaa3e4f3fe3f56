import type { PostgresMigration } from '../migrate';

/** SQLite's version 42: an AI provider's further keys, used in turn with its own. */
export const p022ProviderKeyPools: PostgresMigration = {
  version: 22,
  name: 'provider-key-pools',
  async up(client) {
    await client.query(`ALTER TABLE ai_providers ADD COLUMN pool_secret_ids JSONB NOT NULL DEFAULT '[]'`);
  },
};
