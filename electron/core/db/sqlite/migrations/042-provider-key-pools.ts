import type { Migration } from '../migrate';

/** Key pools: an AI provider may use further secrets in turn with its own, as a JSON list of secret ids. */
export const m042ProviderKeyPools: Migration = {
  version: 42,
  name: 'provider-key-pools',
  up(db) {
    db.exec(`ALTER TABLE ai_providers ADD COLUMN pool_secret_ids TEXT NOT NULL DEFAULT '[]'`);
  },
};
