import type { PostgresMigration } from '../migrate';

/**
 * SQLite's version 40 in PostgreSQL's words: routes, their targets and policies as JSONB. An edit
 * raises the change notice, so every gateway drops its cached routes.
 */
export const p020Routes: PostgresMigration = {
  version: 20,
  name: 'routes',
  async up(client) {
    await client.query(`
      CREATE TABLE routes (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        name TEXT NOT NULL,
        family TEXT NOT NULL,
        strategy TEXT NOT NULL,
        targets JSONB NOT NULL,
        retry JSONB NOT NULL,
        breaker JSONB NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE UNIQUE INDEX routes_name_key ON routes (project_id, name);
      CREATE INDEX routes_page ON routes (project_id, created_at, id);
      CREATE TRIGGER routes_changed AFTER INSERT OR UPDATE OR DELETE ON routes
        FOR EACH STATEMENT EXECUTE FUNCTION switchboard_notify_change();
    `);
  },
};
