import type { BudgetWebhook } from '../../../shared/operations/budgets';

/** One budget alert webhook per project. Callers own transactions and audit. */
export interface BudgetWebhooksRepo {
  get(projectId: string): Promise<BudgetWebhook | null>;
  put(webhook: BudgetWebhook): Promise<void>;
  delete(projectId: string): Promise<boolean>;
}
