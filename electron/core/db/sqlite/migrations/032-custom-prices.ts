import type { Migration } from '../migrate';

/** Admins' prices per model per AI provider (US dollars per million tokens), over the published table. */
export const m032CustomPrices: Migration = {
  version: 32,
  name: 'custom-prices',
  up(db) {
    db.exec(`
      CREATE TABLE custom_prices (
        ai_provider_id TEXT NOT NULL REFERENCES ai_providers(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        input REAL NOT NULL,
        output REAL NOT NULL,
        cache_read REAL NOT NULL,
        cache_write REAL NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (ai_provider_id, model)
      ) WITHOUT ROWID;
    `);
  },
};
