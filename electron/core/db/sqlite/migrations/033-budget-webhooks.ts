import type { Migration } from '../migrate';

/** Where a project's budget alerts are posted, and the secret whose value signs them. */
export const m033BudgetWebhooks: Migration = {
  version: 33,
  name: 'budget-webhooks',
  up(db) {
    db.exec(`
      CREATE TABLE budget_webhooks (
        project_id TEXT PRIMARY KEY REFERENCES projects(id),
        url TEXT NOT NULL,
        secret_id TEXT REFERENCES secrets(id),
        updated_at TEXT NOT NULL
      );
    `);
  },
};
