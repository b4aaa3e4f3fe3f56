import type { Budget } from '../../../../shared/operations/budgets';
import type { BudgetsRepo } from '../budgets-repo';
import { toBudget, toMicroUsd, type BudgetRow } from '../budgets-rows';
import { cursorParams, pageFrom } from '../pagination';
import type { Db } from './database';
import type { Synchronous } from './promised';

const toParams = (budget: Budget) => ({
  id: budget.id,
  projectId: budget.projectId,
  name: budget.name,
  scope: budget.scope,
  scopeId: budget.scopeId,
  period: budget.period,
  timeZone: budget.timeZone,
  capMicroUsd: toMicroUsd(budget.capUsd),
  allowUnpriced: budget.allowUnpriced ? 1 : 0,
  createdAt: budget.createdAt,
  updatedAt: budget.updatedAt,
});

/** The `budgets` table. */
export function createSqliteBudgetsRepo(db: Db): Synchronous<BudgetsRepo> {
  const byId = db.prepare<[string], BudgetRow>('SELECT * FROM budgets WHERE id = ?');
  const byProject = db.prepare<[string], BudgetRow>('SELECT * FROM budgets WHERE project_id = ? ORDER BY created_at, id');
  const page = db.prepare<{ projectId: string | null; afterKey: string | null; afterId: string | null; limit: number }, BudgetRow>(
    `SELECT * FROM budgets
     WHERE (@projectId IS NULL OR project_id = @projectId)
       AND (@afterKey IS NULL OR created_at > @afterKey OR (created_at = @afterKey AND id > @afterId))
     ORDER BY created_at, id LIMIT @limit`,
  );
  const insert = db.prepare(
    `INSERT INTO budgets (id, project_id, name, scope, scope_id, period, time_zone, cap_micro_usd, allow_unpriced, created_at, updated_at)
     VALUES (@id, @projectId, @name, @scope, @scopeId, @period, @timeZone, @capMicroUsd, @allowUnpriced, @createdAt, @updatedAt)`,
  );
  const update = db.prepare(
    `UPDATE budgets SET name = @name, period = @period, time_zone = @timeZone, cap_micro_usd = @capMicroUsd,
       allow_unpriced = @allowUnpriced, updated_at = @updatedAt WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM budgets WHERE id = ?');
  return {
    get(id) {
      const row = byId.get(id);
      return row ? toBudget(row) : null;
    },
    list(options) {
      const rows = page.all({ projectId: options.projectId, ...cursorParams(options.cursor, options.limit) });
      return pageFrom(rows, options.limit, toBudget, (row) => row.created_at);
    },
    ofProject: (projectId) => byProject.all(projectId).map(toBudget),
    insert(budget) {
      insert.run(toParams(budget));
    },
    update(budget) {
      update.run(toParams(budget));
    },
    delete(id) {
      remove.run(id);
    },
  };
}
