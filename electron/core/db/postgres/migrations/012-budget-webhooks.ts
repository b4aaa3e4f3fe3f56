import type { PostgresMigration } from '../migrate';

/** SQLite's migration 33 in PostgreSQL's words: a budget alert webhook per project. */
export const p012BudgetWebhooks: PostgresMigration = {
  version: 12,
  name: 'budget-webhooks',
  async up(client) {
    await client.query(`
      CREATE TABLE budget_webhooks (
        project_id TEXT PRIMARY KEY REFERENCES projects(id),
        url TEXT NOT NULL,
        secret_id TEXT REFERENCES secrets(id),
        updated_at TIMESTAMPTZ NOT NULL
      );
    `);
  },
};
