import type { PostgresMigration } from '../migrate';

/** SQLite's migration 30 in PostgreSQL's words: admin UI sessions and one-time login links, hashed. */
export const p004AdminSessions: PostgresMigration = {
  version: 4,
  name: 'admin-sessions',
  async up(client) {
    await client.query(`
      CREATE TABLE admin_sessions (
        token_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('login', 'session')),
        created_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );
    `);
  },
};
