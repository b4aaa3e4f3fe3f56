import type { Migration } from '../migrate';

/**
 * Routes: named virtual providers whose targets (AI providers of one wire family) are tried in
 * turn. Targets and policies are small documents read whole with the route, so they are JSON.
 */
export const m040Routes: Migration = {
  version: 40,
  name: 'routes',
  up(db) {
    db.exec(`
      CREATE TABLE routes (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        name TEXT NOT NULL,
        family TEXT NOT NULL,
        strategy TEXT NOT NULL,
        targets TEXT NOT NULL,
        retry TEXT NOT NULL,
        breaker TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX routes_name_key ON routes (project_id, name);
      CREATE INDEX routes_page ON routes (project_id, created_at, id);
    `);
  },
};
