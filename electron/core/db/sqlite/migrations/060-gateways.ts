import type { Migration } from '../migrate';

/**
 * The gateways on this store (in team mode, every CI agent's `serve` and every admin's desktop app
 * on one database), one row each, refreshed by its heartbeats.
 */
export const m060Gateways: Migration = {
  version: 60,
  name: 'gateways',
  up(db) {
    db.exec(`
      CREATE TABLE gateways (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        version TEXT NOT NULL,
        store TEXT NOT NULL,
        base_url TEXT,
        started_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        requests_per_minute INTEGER NOT NULL,
        stopped_at TEXT
      );
    `);
  },
};
