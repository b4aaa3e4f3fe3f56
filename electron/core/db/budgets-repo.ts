import type { Budget } from '../../../shared/operations/budgets';
import type { Page } from './pagination';

/** The budgets. Callers own transactions and audit. */
export interface BudgetsRepo {
  get(id: string): Promise<Budget | null>;
  list(options: { projectId: string | null; cursor?: string; limit: number }): Promise<Page<Budget>>;
  /** Every budget of a project: what the proxy checks a request against. */
  ofProject(projectId: string): Promise<Budget[]>;
  insert(budget: Budget): Promise<void>;
  /** Writes the mutable fields: name, period, time zone, cap, unpriced rule. */
  update(budget: Budget): Promise<void>;
  delete(id: string): Promise<void>;
}
