import type { Budget } from '../../../shared/operations/budgets';

/** A `budgets` row as either store returns it; money is kept in micro-dollars so sums stay exact. */
export interface BudgetRow {
  id: string;
  project_id: string;
  name: string;
  scope: Budget['scope'];
  scope_id: string;
  period: Budget['period'];
  time_zone: string;
  cap_micro_usd: number;
  /** SQLite has no boolean column: it stores 0 or 1 where PostgreSQL stores a boolean. */
  allow_unpriced: boolean | number;
  created_at: string;
  updated_at: string;
}

export const toMicroUsd = (usd: number) => Math.round(usd * 1_000_000);

export const toBudget = (row: BudgetRow): Budget => ({
  id: row.id,
  projectId: row.project_id,
  name: row.name,
  scope: row.scope,
  scopeId: row.scope_id,
  period: row.period,
  timeZone: row.time_zone,
  capUsd: row.cap_micro_usd / 1_000_000,
  allowUnpriced: Boolean(row.allow_unpriced),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
