import type { BudgetWebhooksRepo } from '../budget-webhooks-repo';
import type { Sql } from './sql';

interface WebhookRow {
  project_id: string;
  url: string;
  secret_id: string | null;
  updated_at: string;
}

/** The `budget_webhooks` table on PostgreSQL. */
export function createPgBudgetWebhooksRepo(sql: Sql): BudgetWebhooksRepo {
  return {
    async get(projectId) {
      const { rows } = await sql.query<WebhookRow>('SELECT * FROM budget_webhooks WHERE project_id = $1', [projectId]);
      const row = rows[0];
      return row ? { projectId: row.project_id, url: row.url, secretId: row.secret_id, updatedAt: row.updated_at } : null;
    },
    async put(w) {
      await sql.query(
        `INSERT INTO budget_webhooks (project_id, url, secret_id, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project_id) DO UPDATE SET url = excluded.url, secret_id = excluded.secret_id, updated_at = excluded.updated_at`,
        [w.projectId, w.url, w.secretId, w.updatedAt],
      );
    },
    async delete(projectId) {
      const { rowCount } = await sql.query('DELETE FROM budget_webhooks WHERE project_id = $1', [projectId]);
      return (rowCount ?? 0) > 0;
    },
  };
}
