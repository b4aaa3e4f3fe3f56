import type { Migration } from '../migrate';

/**
 * Indexes for the store's keyset-paginated lists (project, then created_at, id) and the audit
 * trail's per-project view, newest first.
 */
export const m002StoreIndexes: Migration = {
  version: 2,
  name: 'store-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX ai_providers_page ON ai_providers (project_id, created_at, id);
      CREATE INDEX secrets_page ON secrets (project_id, created_at, id);
      CREATE INDEX tokens_page ON tokens (project_id, created_at, id);
      DROP INDEX tokens_by_project;
      CREATE INDEX audit_events_by_project ON audit_events (project_id, seq);
    `);
  },
};
