import type { Migration } from '../migrate';

/**
 * Request and response bodies, kept only for projects that opt in (`body_capture`, a row per such
 * project, with its days). Each captured pair carries its own expiry, so a later change of the
 * days never shortens or stretches what was kept under the earlier promise; the retention job
 * deletes by that expiry in batches.
 */
export const m071RequestBodies: Migration = {
  version: 71,
  name: 'request-bodies',
  up(db) {
    db.exec(`
      CREATE TABLE body_capture (
        project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        days INTEGER NOT NULL
      );
      CREATE TABLE request_bodies (
        request_id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        request_body TEXT,
        request_truncated INTEGER NOT NULL,
        request_bytes INTEGER NOT NULL,
        response_body TEXT,
        response_truncated INTEGER NOT NULL,
        response_bytes INTEGER NOT NULL
      );
      CREATE INDEX request_bodies_by_expiry ON request_bodies (expires_at);
    `);
  },
};
