import type { Migration } from '../migrate';

/**
 * Admin UI sign-ins that outlive the process: signed-in sessions (so a gateway restart keeps its
 * admins signed in) and one-time login links (so `switchboard login` can hand the running gateway
 * a fresh one). Only the SHA-256 of each value is kept; a stolen file signs nobody in.
 */
export const m030AdminSessions: Migration = {
  version: 30,
  name: 'admin-sessions',
  up(db) {
    db.exec(`
      CREATE TABLE admin_sessions (
        token_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('login', 'session')),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
    `);
  },
};
