import type { BudgetLedger, CounterBalance, CounterKey, SeededCounter } from '../budget-ledger';
import type { Sql } from './sql';

interface CounterRow {
  budget_key: string;
  period_start: string;
  spent_micro_usd: number;
  reserved_micro_usd: number;
}

const toBalance = (row: CounterRow): CounterBalance => ({
  key: row.budget_key,
  periodStart: row.period_start,
  spentMicroUsd: Number(row.spent_micro_usd),
  reservedMicroUsd: Number(row.reserved_micro_usd),
});

const keysOf = (counters: readonly CounterKey[]) => [counters.map((c) => c.key), counters.map((c) => c.periodStart)];

/**
 * The ledger in the team database, shared by every gateway: each call is one statement (a
 * function of migration 10), atomic on its own, so caps hold across gateways without a lock of ours.
 */
export function createPostgresBudgetLedger(pool: Sql): BudgetLedger {
  async function balances(counters: readonly CounterKey[]): Promise<CounterBalance[]> {
    if (counters.length === 0) return [];
    const { rows } = await pool.query<CounterRow>(
      `SELECT c.* FROM budget_counters c JOIN unnest($1::text[], $2::text[]) AS w(k, p) ON c.budget_key = w.k AND c.period_start = w.p
       ORDER BY c.budget_key`,
      keysOf(counters),
    );
    return rows.map(toBalance);
  }

  /** Counters as they stand, and those not yet charged at their seed (the same sum `budget_reserve` starts them from). */
  async function standings(counters: readonly SeededCounter[]): Promise<CounterBalance[]> {
    if (counters.length === 0) return [];
    const { rows } = await pool.query<CounterRow & { at: number }>(
      `SELECT w.k AS budget_key, w.p AS period_start, w.at,
         COALESCE(c.spent_micro_usd, (
           SELECT COALESCE(SUM(d.cost_micro_usd), 0) FROM usage_daily d
           WHERE CASE w.scope WHEN 'token' THEN d.token_id WHEN 'project' THEN d.project_id ELSE d.ai_provider_id END = w.id
             AND (w.from_day = '' OR d.day >= w.from_day::date)
         )) AS spent_micro_usd,
         COALESCE(c.reserved_micro_usd, 0) AS reserved_micro_usd
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS w(k, p, scope, id, from_day, at)
       LEFT JOIN budget_counters c ON c.budget_key = w.k AND c.period_start = w.p
       ORDER BY w.at`,
      [...keysOf(counters), counters.map((c) => c.seed.scope), counters.map((c) => c.seed.id), counters.map((c) => c.seed.fromDay ?? '')],
    );
    return rows.map(toBalance);
  }

  return {
    async reserve(request) {
      const { counters } = request;
      const { rows } = await pool.query<{ crossed: string | null }>(
        'SELECT budget_reserve($1, $2, $3, $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[]) AS crossed',
        [
          request.id,
          request.amountMicroUsd,
          request.expiresAt,
          ...keysOf(counters),
          counters.map((c) => c.capMicroUsd),
          counters.map((c) => c.seed.scope),
          counters.map((c) => c.seed.id),
          counters.map((c) => c.seed.fromDay ?? ''),
        ],
      );
      return { crossed: rows[0]!.crossed };
    },
    async settle(id, counters, costMicroUsd) {
      const { rows } = await pool.query<CounterRow>('SELECT * FROM budget_settle($1, $2::text[], $3::text[], $4)', [
        id,
        ...keysOf(counters),
        costMicroUsd,
      ]);
      return rows.map(toBalance);
    },
    async releaseExpired(now) {
      const { rows } = await pool.query<{ released: number }>('SELECT budget_release_expired($1) AS released', [now]);
      return rows[0]!.released;
    },
    balances,
    standings,
    async markAlert(counter, threshold, at) {
      const { rowCount } = await pool.query(
        'INSERT INTO budget_alerts (budget_key, period_start, threshold, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [counter.key, counter.periodStart, threshold, at],
      );
      return (rowCount ?? 0) > 0;
    },
  };
}
