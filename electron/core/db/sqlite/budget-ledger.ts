import type { BudgetLedger, CounterBalance, CounterKey, CounterSeed } from '../budget-ledger';
import type { Db } from './database';
import type { Synchronous } from './promised';

interface CounterRow {
  budget_key: string;
  period_start: string;
  spent_micro_usd: number;
  reserved_micro_usd: number;
}

const toBalance = (row: CounterRow): CounterBalance => ({
  key: row.budget_key,
  periodStart: row.period_start,
  spentMicroUsd: row.spent_micro_usd,
  reservedMicroUsd: row.reserved_micro_usd,
});

/** The ledger on the one SQLite connection: each call is one synchronous transaction, so it is atomic by construction. */
export function createSqliteBudgetLedger(db: Db): Synchronous<BudgetLedger> {
  const seedQuery = (column: string) =>
    db
      .prepare<[string, string], number>(`SELECT COALESCE(SUM(cost_micro_usd), 0) FROM usage_daily WHERE ${column} = ? AND day >= ?`)
      .pluck();
  const seedQueries = { token: seedQuery('token_id'), project: seedQuery('project_id'), aiProvider: seedQuery('ai_provider_id') };
  const seeded = ({ scope, id, fromDay }: CounterSeed) => seedQueries[scope].get(id, fromDay ?? '') ?? 0;
  const readCounter = db.prepare<[string, string], CounterRow>('SELECT * FROM budget_counters WHERE budget_key = ? AND period_start = ?');
  const insertCounter = db.prepare(
    'INSERT OR IGNORE INTO budget_counters (budget_key, period_start, spent_micro_usd, reserved_micro_usd) VALUES (?, ?, ?, 0)',
  );
  const hold = db.prepare(
    'UPDATE budget_counters SET reserved_micro_usd = reserved_micro_usd + ? WHERE budget_key = ? AND period_start = ?',
  );
  const charge = db.prepare(
    `UPDATE budget_counters SET reserved_micro_usd = MAX(0, reserved_micro_usd - ?), spent_micro_usd = spent_micro_usd + ?
     WHERE budget_key = ? AND period_start = ?`,
  );
  const insertReservation = db.prepare('INSERT INTO budget_reservations (id, amount_micro_usd, counters, expires_at) VALUES (?, ?, ?, ?)');
  const takeReservation = db.prepare<[string], { amount_micro_usd: number; counters: string }>(
    'DELETE FROM budget_reservations WHERE id = ? RETURNING amount_micro_usd, counters',
  );
  const takeExpired = db.prepare<[string], { amount_micro_usd: number; counters: string }>(
    'DELETE FROM budget_reservations WHERE expires_at <= ? RETURNING amount_micro_usd, counters',
  );
  const insertAlert = db.prepare('INSERT OR IGNORE INTO budget_alerts (budget_key, period_start, threshold, at) VALUES (?, ?, ?, ?)');

  const lift = (amount: number, counters: string) => {
    for (const [key, periodStart] of JSON.parse(counters) as [string, string][]) charge.run(amount, 0, key, periodStart);
  };

  const reserve = db.transaction((request: Parameters<BudgetLedger['reserve']>[0]): { crossed: string | null } => {
    for (const counter of request.counters) {
      if (readCounter.get(counter.key, counter.periodStart)) continue;
      insertCounter.run(counter.key, counter.periodStart, seeded(counter.seed));
    }
    for (const counter of request.counters) {
      const row = readCounter.get(counter.key, counter.periodStart)!;
      if (row.spent_micro_usd + row.reserved_micro_usd + request.amountMicroUsd > counter.capMicroUsd) return { crossed: counter.key };
    }
    for (const counter of request.counters) hold.run(request.amountMicroUsd, counter.key, counter.periodStart);
    const keys = request.counters.map((counter) => [counter.key, counter.periodStart]);
    insertReservation.run(request.id, request.amountMicroUsd, JSON.stringify(keys), request.expiresAt);
    return { crossed: null };
  });

  const settle = db.transaction((id: string, counters: readonly CounterKey[], cost: number): CounterBalance[] => {
    const taken = takeReservation.get(id);
    const held = taken?.amount_micro_usd ?? 0;
    for (const counter of counters) charge.run(held, cost, counter.key, counter.periodStart);
    return balances(counters);
  });

  const releaseExpired = db.transaction((now: string): number => {
    const expired = takeExpired.all(now);
    for (const reservation of expired) lift(reservation.amount_micro_usd, reservation.counters);
    return expired.length;
  });

  function balances(counters: readonly CounterKey[]): CounterBalance[] {
    return counters.flatMap((counter) => {
      const row = readCounter.get(counter.key, counter.periodStart);
      return row ? [toBalance(row)] : [];
    });
  }

  return {
    reserve: (request) => reserve(request),
    settle: (id, counters, cost) => settle(id, counters, cost),
    releaseExpired: (now) => releaseExpired(now),
    balances,
    standings: (counters) =>
      counters.map((counter) => {
        const row = readCounter.get(counter.key, counter.periodStart);
        if (row) return toBalance(row);
        return { key: counter.key, periodStart: counter.periodStart, spentMicroUsd: seeded(counter.seed), reservedMicroUsd: 0 };
      }),
    markAlert: (counter, threshold, at) => insertAlert.run(counter.key, counter.periodStart, threshold, at).changes > 0,
  };
}
