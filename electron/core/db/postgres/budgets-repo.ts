import type { BudgetsRepo } from '../budgets-repo';
import { toBudget, toMicroUsd, type BudgetRow } from '../budgets-rows';
import { pageFrom } from '../pagination';
import { afterCursor, timeCursorParams, type Sql } from './sql';

const columns = 'id, project_id, name, scope, scope_id, period, time_zone, cap_micro_usd, allow_unpriced, created_at, updated_at';

/** The `budgets` table on PostgreSQL. */
export function createPgBudgetsRepo(sql: Sql): BudgetsRepo {
  return {
    async get(id) {
      const { rows } = await sql.query<BudgetRow>(`SELECT ${columns} FROM budgets WHERE id = $1`, [id]);
      return rows[0] ? toBudget(rows[0]) : null;
    },
    async list(options) {
      const { afterKey, afterId, limit } = timeCursorParams(options.cursor, options.limit);
      const { rows } = await sql.query<BudgetRow>(
        `SELECT ${columns} FROM budgets WHERE ($1::text IS NULL OR project_id = $1) AND ${afterCursor('$2', '$3', 'timestamptz')}
         ORDER BY created_at, id LIMIT $4`,
        [options.projectId, afterKey, afterId, limit],
      );
      return pageFrom(rows, options.limit, toBudget, (row) => row.created_at);
    },
    async ofProject(projectId) {
      const { rows } = await sql.query<BudgetRow>(`SELECT ${columns} FROM budgets WHERE project_id = $1 ORDER BY created_at, id`, [
        projectId,
      ]);
      return rows.map(toBudget);
    },
    async insert(b) {
      await sql.query(`INSERT INTO budgets (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
        b.id,
        b.projectId,
        b.name,
        b.scope,
        b.scopeId,
        b.period,
        b.timeZone,
        toMicroUsd(b.capUsd),
        b.allowUnpriced,
        b.createdAt,
        b.updatedAt,
      ]);
    },
    async update(b) {
      await sql.query(
        `UPDATE budgets SET name = $2, period = $3, time_zone = $4, cap_micro_usd = $5, allow_unpriced = $6, updated_at = $7 WHERE id = $1`,
        [b.id, b.name, b.period, b.timeZone, toMicroUsd(b.capUsd), b.allowUnpriced, b.updatedAt],
      );
    },
    async delete(id) {
      await sql.query('DELETE FROM budgets WHERE id = $1', [id]);
    },
  };
}
