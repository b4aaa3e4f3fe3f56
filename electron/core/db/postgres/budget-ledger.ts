import type pg from 'pg';
import type { BudgetLedger, CounterBalance, CounterKey } from '../budget-ledger';
import type { PostgresDb } from './database';
import { named, sqlOf, type Sql } from './sql';

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

/** Counters in one order everywhere: two gateways that lock the same counters never wait on each other in a cycle. */
const sorted = <T extends CounterKey>(counters: readonly T[]): T[] =>
  [...counters].sort((a, b) => (a.key === b.key ? a.periodStart.localeCompare(b.periodStart) : a.key.localeCompare(b.key)));

/**
 * A reservation in one statement: the seeds of counters that do not exist yet (the scope's spend
 * so far, from the daily rollups) and `budget_reserve`, which creates them, locks the request's
 * counters in key order and holds the amount on all of them or on none.
 */
const reserve = named(
  'budget_reserve',
  `SELECT budget_reserve($1::text, $2::bigint, $3::timestamptz, $4::text[], $5::text[], $6::bigint[], ARRAY(
     SELECT CASE WHEN EXISTS (SELECT 1 FROM budget_counters c WHERE c.budget_key = w.k AND c.period_start = w.p) THEN 0
       ELSE COALESCE((SELECT SUM(d.cost_micro_usd) FROM usage_daily d
         WHERE (CASE w.scope WHEN 'token' THEN d.token_id WHEN 'project' THEN d.project_id ELSE d.ai_provider_id END) = w.id
           AND (w.from_day IS NULL OR d.day >= w.from_day::date)), 0)::bigint END
     FROM unnest($4::text[], $5::text[], $7::text[], $8::text[], $9::text[]) WITH ORDINALITY AS w(k, p, scope, id, from_day, n)
     ORDER BY w.n)) AS crossed`,
);

const lockCounters = (keys: string[], periods: string[]) => ({
  text: `SELECT c.* FROM budget_counters c JOIN unnest($1::text[], $2::text[]) AS w(k, p) ON c.budget_key = w.k AND c.period_start = w.p
         ORDER BY c.budget_key, c.period_start FOR UPDATE OF c`,
  values: [keys, periods],
});

/**
 * The reservation ledger on PostgreSQL, shared by every gateway of the team: a reservation is one
 * statement; settling and releasing lock their counters in key order inside one transaction.
 */
export function createPgBudgetLedger(db: PostgresDb, sql: Sql): BudgetLedger {
  /** Moves `held` from reserved to nothing and adds `cost` to spent, on counters already locked by this transaction. */
  async function charge(client: Sql, counters: readonly CounterKey[], held: number, cost: number): Promise<CounterBalance[]> {
    const ordered = sorted(counters);
    const keys = ordered.map((c) => c.key);
    const periods = ordered.map((c) => c.periodStart);
    await client.query(lockCounters(keys, periods));
    const { rows } = await client.query<CounterRow>(
      `UPDATE budget_counters c SET reserved_micro_usd = GREATEST(0, c.reserved_micro_usd - $3::bigint),
         spent_micro_usd = c.spent_micro_usd + $4::bigint
       FROM unnest($1::text[], $2::text[]) AS w(k, p) WHERE c.budget_key = w.k AND c.period_start = w.p
       RETURNING c.budget_key, c.period_start, c.spent_micro_usd, c.reserved_micro_usd`,
      [keys, periods, held, cost],
    );
    const byKey = new Map(rows.map((row) => [`${row.budget_key}\u0000${row.period_start}`, toBalance(row)]));
    return counters.flatMap((c) => byKey.get(`${c.key}\u0000${c.periodStart}`) ?? []);
  }

  return {
    async reserve(request) {
      const counters = request.counters;
      const { rows } = await sql.query<{ crossed: string | null }>(
        reserve([
          request.id,
          request.amountMicroUsd,
          request.expiresAt,
          counters.map((c) => c.key),
          counters.map((c) => c.periodStart),
          counters.map((c) => c.capMicroUsd),
          counters.map((c) => c.seed.scope),
          counters.map((c) => c.seed.id),
          counters.map((c) => c.seed.fromDay),
        ]),
      );
      return { crossed: rows[0]?.crossed ?? null };
    },
    settle(id, counters, cost) {
      return db.transaction(async (client: pg.PoolClient) => {
        const on = sqlOf(client);
        const taken = await on.query<{ amount_micro_usd: number }>(
          'DELETE FROM budget_reservations WHERE id = $1 RETURNING amount_micro_usd',
          [id],
        );
        return charge(on, counters, taken.rows[0]?.amount_micro_usd ?? 0, cost);
      });
    },
    releaseExpired(now) {
      return db.transaction(async (client: pg.PoolClient) => {
        const on = sqlOf(client);
        // Every gateway sweeps; a reservation is deleted by one of them, and only that one lifts its hold.
        const { rows } = await on.query<{ amount_micro_usd: number; counters: [string, string][] }>(
          'DELETE FROM budget_reservations WHERE expires_at <= $1 RETURNING amount_micro_usd, counters',
          [now],
        );
        const held = new Map<string, { key: string; periodStart: string; amount: number }>();
        for (const reservation of rows) {
          for (const [key, periodStart] of reservation.counters) {
            const id = `${key}\u0000${periodStart}`;
            const entry = held.get(id) ?? { key, periodStart, amount: 0 };
            entry.amount += reservation.amount_micro_usd;
            held.set(id, entry);
          }
        }
        for (const counter of sorted([...held.values()])) await charge(on, [counter], counter.amount, 0);
        return rows.length;
      });
    },
    async balances(counters) {
      if (counters.length === 0) return [];
      const { rows } = await sql.query<CounterRow>(
        `SELECT c.* FROM budget_counters c JOIN unnest($1::text[], $2::text[]) AS w(k, p) ON c.budget_key = w.k AND c.period_start = w.p`,
        [counters.map((c) => c.key), counters.map((c) => c.periodStart)],
      );
      const byKey = new Map(rows.map((row) => [`${row.budget_key}\u0000${row.period_start}`, toBalance(row)]));
      return counters.flatMap((c) => byKey.get(`${c.key}\u0000${c.periodStart}`) ?? []);
    },
    async markAlert(counter, threshold, at) {
      const { rowCount } = await sql.query(
        'INSERT INTO budget_alerts (budget_key, period_start, threshold, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [counter.key, counter.periodStart, threshold, at],
      );
      return (rowCount ?? 0) > 0;
    },
  };
}
