import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Budget, BudgetScope } from '../../../shared/operations/budgets';
import type { Token } from '../../../shared/operations/tokens';
import { budgetWindow, type BudgetWindow } from '../budget-periods';
import type { CappedCounter } from '../db/budget-ledger';
import { budgetCounter, tokenCapCounter } from '../services/budget-counters';

/** One cap a request is charged against: a budget in its current period, or the token's own lifetime cap. */
export interface Cap {
  counter: CappedCounter;
  window: BudgetWindow;
  /** Null for the token's own spend cap (`limits.spendCapUsd`). */
  budgetId: string | null;
  name: string;
  projectId: string;
  scope: BudgetScope;
  scopeId: string;
  allowUnpriced: boolean;
}

function budgetApplies(budget: Budget, token: Token, aiProvider: AiProvider): boolean {
  if (budget.scope === 'token') return budget.scopeId === token.id;
  if (budget.scope === 'project') return budget.scopeId === token.projectId;
  return budget.scopeId === aiProvider.id;
}

/** Whether any cap applies (`capsFor` would not be empty), without building one. */
export function anyCapFor(token: Token, aiProvider: AiProvider, budgets: readonly Budget[]): boolean {
  if (token.limits.spendCapUsd !== null) return true;
  for (const budget of budgets) if (budgetApplies(budget, token, aiProvider)) return true;
  return false;
}

/**
 * Every cap a request of this token to this AI provider is charged against, at `now`: the
 * token's own lifetime spend cap, and each of the project's budgets on the token, the project or
 * the AI provider, in its current period.
 */
export function capsFor(token: Token, aiProvider: AiProvider, budgets: readonly Budget[], now: Date): Cap[] {
  const caps: Cap[] = [];
  const tokenCap = tokenCapCounter(token);
  if (tokenCap) {
    caps.push({
      counter: tokenCap,
      window: { start: 'lifetime', end: null, fromDay: null },
      budgetId: null,
      name: `token ${token.name}`,
      projectId: token.projectId,
      scope: 'token',
      scopeId: token.id,
      allowUnpriced: false,
    });
  }
  for (const budget of budgets) {
    if (!budgetApplies(budget, token, aiProvider)) continue;
    const window = budgetWindow(budget.period, budget.timeZone, now);
    caps.push({
      counter: budgetCounter(budget, window),
      window,
      budgetId: budget.id,
      name: `budget ${budget.name}`,
      projectId: budget.projectId,
      scope: budget.scope,
      scopeId: budget.scopeId,
      allowUnpriced: budget.allowUnpriced,
    });
  }
  return caps;
}
