import type { PostgresMigration } from '../migrate';

/**
 * SQLite's migration 31 in PostgreSQL's words: budgets, their counters, reservations and alerts.
 * `budget_reserve` makes a reservation in one statement: it creates missing counters, locks the
 * request's counters in key order (so gateways never deadlock), and holds the amount on all of
 * them or on none. It answers null, or the key of the first counter the amount would cross.
 */
export const p010Budgets: PostgresMigration = {
  version: 10,
  name: 'budgets',
  async up(client) {
    await client.query(`
      CREATE TABLE budgets (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        name TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('token', 'project', 'aiProvider')),
        scope_id TEXT NOT NULL,
        period TEXT NOT NULL CHECK (period IN ('lifetime', 'daily', 'weekly', 'monthly')),
        time_zone TEXT NOT NULL,
        cap_micro_usd BIGINT NOT NULL,
        allow_unpriced BOOLEAN NOT NULL DEFAULT false,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX budgets_by_project ON budgets (project_id, created_at, id);

      CREATE TABLE budget_counters (
        budget_key TEXT NOT NULL,
        period_start TEXT NOT NULL,
        spent_micro_usd BIGINT NOT NULL,
        reserved_micro_usd BIGINT NOT NULL,
        PRIMARY KEY (budget_key, period_start)
      );

      CREATE TABLE budget_reservations (
        id TEXT PRIMARY KEY,
        amount_micro_usd BIGINT NOT NULL,
        counters JSONB NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX budget_reservations_by_expiry ON budget_reservations (expires_at);

      CREATE TABLE budget_alerts (
        budget_key TEXT NOT NULL,
        period_start TEXT NOT NULL,
        threshold INTEGER NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (budget_key, period_start, threshold)
      );

      CREATE FUNCTION budget_reserve(
        reservation_id TEXT, amount BIGINT, expires TIMESTAMPTZ,
        keys TEXT[], periods TEXT[], caps BIGINT[], seeds BIGINT[]
      ) RETURNS TEXT LANGUAGE plpgsql AS $$
      DECLARE
        crossed TEXT;
      BEGIN
        INSERT INTO budget_counters (budget_key, period_start, spent_micro_usd, reserved_micro_usd)
          SELECT k, p, s, 0 FROM unnest(keys, periods, seeds) AS w(k, p, s)
          ORDER BY k, p
          ON CONFLICT DO NOTHING;
        PERFORM 1 FROM budget_counters c
          JOIN unnest(keys, periods) AS w(k, p) ON c.budget_key = w.k AND c.period_start = w.p
          ORDER BY c.budget_key, c.period_start
          FOR UPDATE OF c;
        SELECT c.budget_key INTO crossed FROM budget_counters c
          JOIN unnest(keys, periods, caps) AS w(k, p, cap) ON c.budget_key = w.k AND c.period_start = w.p
          WHERE c.spent_micro_usd + c.reserved_micro_usd + amount > w.cap
          ORDER BY c.budget_key LIMIT 1;
        IF crossed IS NOT NULL THEN
          RETURN crossed;
        END IF;
        UPDATE budget_counters c SET reserved_micro_usd = c.reserved_micro_usd + amount
          FROM unnest(keys, periods) AS w(k, p)
          WHERE c.budget_key = w.k AND c.period_start = w.p;
        INSERT INTO budget_reservations (id, amount_micro_usd, counters, expires_at)
          VALUES (reservation_id, amount, to_jsonb(ARRAY(SELECT ARRAY[k, p] FROM unnest(keys, periods) AS w(k, p))), expires);
        RETURN NULL;
      END
      $$;
    `);
  },
};
