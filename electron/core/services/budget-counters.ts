import type { Budget } from '../../../shared/operations/budgets';
import type { Token } from '../../../shared/operations/tokens';
import type { BudgetWindow } from '../budget-periods';
import type { CappedCounter } from '../db/budget-ledger';

const micro = (usd: number) => Math.round(usd * 1_000_000);

/**
 * The ledger counter of a token's own lifetime spend cap (null when it has none). Its spend so far
 * is seeded from all of the token's rollups: usage from before the cap was set, or before the
 * ledger existed, counts.
 */
export function tokenCapCounter(token: Token): CappedCounter | null {
  if (token.limits.spendCapUsd === null) return null;
  return {
    key: token.id,
    periodStart: 'lifetime',
    capMicroUsd: micro(token.limits.spendCapUsd),
    seed: { scope: 'token', id: token.id, fromDay: null },
  };
}

/** The ledger counter of a budget in one period, seeded from its scope's rollups since the period began. */
export function budgetCounter(budget: Budget, window: BudgetWindow): CappedCounter {
  return {
    key: budget.id,
    periodStart: window.start,
    capMicroUsd: micro(budget.capUsd),
    seed: { scope: budget.scope, id: budget.scopeId, fromDay: window.fromDay },
  };
}
