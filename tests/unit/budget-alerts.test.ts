import { describe, expect, it } from 'vitest';
import type { BudgetLedger } from '../../electron/core/db/budget-ledger';
import { createEventBus, type CoreEvents } from '../../electron/core/events';
import { createMemoryLogger } from '../../electron/core/log';
import { systemClock } from '../../electron/core/clock';
import { createBudgetAlerts } from '../../electron/core/proxy/budget-alerts';
import type { Cap } from '../../electron/core/proxy/budget-caps';

/** A ledger whose threshold records are answered by hand, in whatever order the test chooses (as a pool of connections may). */
function handAnsweredLedger() {
  const pending: { threshold: number; answer: (first: boolean) => void }[] = [];
  const ledger = {
    markAlert: (_counter: unknown, threshold: number) => new Promise<boolean>((answer) => pending.push({ threshold, answer })),
  } as unknown as BudgetLedger;
  return { ledger, pending };
}

const cap = {
  counter: {
    key: 'bdg_1',
    periodStart: '2026-11-30T00:00:00.000Z',
    capMicroUsd: 500,
    seed: { scope: 'token', id: 'tok_1', fromDay: null },
  },
  budgetId: 'bdg_1',
  name: 'daily',
  projectId: 'prj_1',
  scope: 'token',
  scopeId: 'tok_1',
  allowUnpriced: false,
} as unknown as Cap;

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('budget alerts', () => {
  it('announces 50, 80 and 100 % in that order when one refusal reaches all three and the store answers the last first', async () => {
    const { ledger, pending } = handAnsweredLedger();
    const events = createEventBus();
    const announced: CoreEvents['budget.thresholdReached'][] = [];
    events.on('budget.thresholdReached', (event) => announced.push(event));
    const alerts = createBudgetAlerts({ ledger, events, log: createMemoryLogger(), clock: systemClock });

    alerts.exhausted(cap, 500);
    // Answer every record that is waiting, newest first, until none is left.
    for (let round = 0; round < 5; round++) {
      await flush();
      for (const each of pending.splice(0).reverse()) each.answer(true);
    }
    await flush();
    expect(announced.map((event) => event.threshold)).toEqual([50, 80, 100]);
  });

  it('announces a threshold once even when asked again before its record is answered', async () => {
    const { ledger, pending } = handAnsweredLedger();
    const events = createEventBus();
    const announced: number[] = [];
    events.on('budget.thresholdReached', (event) => announced.push(event.threshold));
    const alerts = createBudgetAlerts({ ledger, events, log: createMemoryLogger(), clock: systemClock });

    alerts.check([cap], [{ key: 'bdg_1', periodStart: cap.counter.periodStart, spentMicroUsd: 260, reservedMicroUsd: 0 }]);
    alerts.check([cap], [{ key: 'bdg_1', periodStart: cap.counter.periodStart, spentMicroUsd: 270, reservedMicroUsd: 0 }]);
    await flush();
    expect(pending.map((each) => each.threshold)).toEqual([50]);
    pending[0]!.answer(true);
    await flush();
    expect(announced).toEqual([50]);
  });
});
