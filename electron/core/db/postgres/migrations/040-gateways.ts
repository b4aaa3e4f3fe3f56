import type { PostgresMigration } from '../migrate';

/** SQLite's migration 60 in PostgreSQL's words: one row per gateway, refreshed by its heartbeats. */
export const p040Gateways: PostgresMigration = {
  version: 40,
  name: 'gateways',
  async up(client) {
    await client.query(`
      CREATE TABLE gateways (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        version TEXT NOT NULL,
        store TEXT NOT NULL,
        base_url TEXT,
        started_at TIMESTAMPTZ NOT NULL,
        last_seen_at TIMESTAMPTZ NOT NULL,
        requests_per_minute INTEGER NOT NULL,
        stopped_at TIMESTAMPTZ
      );
    `);
  },
};
