import type { PostgresMigration } from '../migrate';

/** SQLite's migration 52 in PostgreSQL's words: captured request and response bodies, per opted-in project. */
export const p056RequestBodies: PostgresMigration = {
  version: 56,
  name: 'request-bodies',
  async up(client) {
    await client.query(`
      CREATE TABLE body_capture (
        project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        days INTEGER NOT NULL
      );
      CREATE TABLE request_bodies (
        request_id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL,
        request_body TEXT,
        request_truncated BOOLEAN NOT NULL,
        request_bytes INTEGER NOT NULL,
        response_body TEXT,
        response_truncated BOOLEAN NOT NULL,
        response_bytes INTEGER NOT NULL
      );
      CREATE INDEX request_bodies_by_expiry ON request_bodies (expires_at);
    `);
  },
};
