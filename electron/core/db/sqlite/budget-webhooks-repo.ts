import type { BudgetWebhooksRepo } from '../budget-webhooks-repo';
import type { Db } from './database';
import type { Synchronous } from './promised';

interface WebhookRow {
  project_id: string;
  url: string;
  secret_id: string | null;
  updated_at: string;
}

/** The `budget_webhooks` table. */
export function createSqliteBudgetWebhooksRepo(db: Db): Synchronous<BudgetWebhooksRepo> {
  const byProject = db.prepare<[string], WebhookRow>('SELECT * FROM budget_webhooks WHERE project_id = ?');
  const put = db.prepare(
    `INSERT INTO budget_webhooks (project_id, url, secret_id, updated_at) VALUES (@projectId, @url, @secretId, @updatedAt)
     ON CONFLICT (project_id) DO UPDATE SET url = excluded.url, secret_id = excluded.secret_id, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM budget_webhooks WHERE project_id = ?');
  return {
    get(projectId) {
      const row = byProject.get(projectId);
      return row ? { projectId: row.project_id, url: row.url, secretId: row.secret_id, updatedAt: row.updated_at } : null;
    },
    put(webhook) {
      put.run(webhook);
    },
    delete: (projectId) => remove.run(projectId).changes > 0,
  };
}
