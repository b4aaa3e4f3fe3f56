import type { PostgresMigration } from '../migrate';

/** SQLite's migration 70 in PostgreSQL's words: each AI provider's last connection test. */
export const p050AiProviderTests: PostgresMigration = {
  version: 50,
  name: 'ai-provider-tests',
  async up(client) {
    await client.query(`
      CREATE TABLE ai_provider_tests (
        ai_provider_id TEXT PRIMARY KEY REFERENCES ai_providers(id) ON DELETE CASCADE,
        project_id TEXT NOT NULL REFERENCES projects(id),
        result JSONB NOT NULL,
        tested_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX ai_provider_tests_project ON ai_provider_tests (project_id);
    `);
  },
};
