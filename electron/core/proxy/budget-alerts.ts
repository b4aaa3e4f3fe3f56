import { budgetThresholds } from '../../../shared/operations/budgets';
import type { Clock } from '../clock';
import type { BudgetLedger, CounterBalance } from '../db/budget-ledger';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Cap } from './budget-caps';

/** Thresholds already marked, remembered so a busy budget does not ask the store again on every request. */
const maxRemembered = 10_000;

/**
 * Alerts at 50, 80 and 100 % of each cap, once per threshold per period: the ledger records each
 * one (so many gateways send it once), then `budget.thresholdReached` goes to whoever listens
 * (desktop notice, webhook, audit).
 */
export function createBudgetAlerts(deps: { ledger: BudgetLedger; events: EventBus; log: Logger; clock: Clock }) {
  const marked = new Set<string>();
  // Per counter, the thresholds are recorded one after another, so 50 % is announced before 80 %
  // even when one refusal reaches all three and the store answers them out of order.
  const inOrder = new Map<string, Promise<void>>();

  function reach(cap: Cap, threshold: number, spentMicroUsd: number): void {
    const { key, periodStart } = cap.counter;
    const id = `${key}\n${periodStart}\n${threshold}`;
    if (marked.has(id)) return;
    if (marked.size >= maxRemembered) marked.clear();
    marked.add(id);
    const chainId = `${key}\n${periodStart}`;
    const next = (inOrder.get(chainId) ?? Promise.resolve()).then(() => announce(cap, threshold, spentMicroUsd));
    inOrder.set(chainId, next);
    void next.then(() => {
      if (inOrder.get(chainId) === next) inOrder.delete(chainId);
    });
  }

  async function announce(cap: Cap, threshold: number, spentMicroUsd: number): Promise<void> {
    const { periodStart, capMicroUsd } = cap.counter;
    try {
      const first = await deps.ledger.markAlert(cap.counter, threshold, deps.clock.now().toISOString());
      if (!first) return;
      deps.events.emit('budget.thresholdReached', {
        budgetId: cap.budgetId,
        budgetName: cap.name,
        projectId: cap.projectId,
        scope: cap.scope,
        scopeId: cap.scopeId,
        threshold,
        periodStart,
        spentMicroUsd,
        capMicroUsd,
      });
    } catch (error) {
      deps.log.error('a budget alert could not be recorded', { message: (error as Error).message });
    }
  }

  return {
    /** After a settlement: every threshold the spend has reached. */
    check(caps: readonly Cap[], balances: readonly CounterBalance[]): void {
      for (const balance of balances) {
        const cap = caps.find((each) => each.counter.key === balance.key && each.counter.periodStart === balance.periodStart);
        if (!cap || cap.counter.capMicroUsd <= 0) continue;
        const percent = (balance.spentMicroUsd * 100) / cap.counter.capMicroUsd;
        for (const threshold of budgetThresholds) if (percent >= threshold) reach(cap, threshold, balance.spentMicroUsd);
      }
    },
    /** A request was refused because the cap has no room left for it: the budget is used up, whatever its exact percent. */
    exhausted(cap: Cap, spentMicroUsd: number): void {
      for (const threshold of budgetThresholds) reach(cap, threshold, spentMicroUsd);
    },
  };
}
