import type { Migration } from '../migrate';

/**
 * Each AI provider's last connection test, so the Providers screen still says "key rejected" or
 * "answered in 84 ms" after a reload or a restart. One row per provider, gone with the provider.
 */
export const m070AiProviderTests: Migration = {
  version: 70,
  name: 'ai-provider-tests',
  up(db) {
    db.exec(`
      CREATE TABLE ai_provider_tests (
        ai_provider_id TEXT PRIMARY KEY REFERENCES ai_providers(id) ON DELETE CASCADE,
        project_id TEXT NOT NULL REFERENCES projects(id),
        result TEXT NOT NULL,
        tested_at TEXT NOT NULL
      );
      CREATE INDEX ai_provider_tests_project ON ai_provider_tests (project_id);
    `);
  },
};
