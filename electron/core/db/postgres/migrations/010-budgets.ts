import type { PostgresMigration } from '../migrate';

/**
 * SQLite's migration 31 in PostgreSQL's words: budgets, their counters, reservations and alerts.
 * Each ledger step is one function, so a gateway makes it in one statement: `budget_reserve`
 * creates missing counters (seeded from the rollups), locks the request's counters in key order
 * (so gateways never deadlock) and holds the amount on all of them or on none, answering null or
 * the key of the first counter it would cross; `budget_settle` lifts a hold and adds the cost;
 * `budget_release_expired` lifts the holds of gateways that died.
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
        keys TEXT[], periods TEXT[], caps BIGINT[], seed_scopes TEXT[], seed_ids TEXT[], seed_days TEXT[]
      ) RETURNS TEXT LANGUAGE plpgsql AS $$
      DECLARE
        crossed TEXT;
      BEGIN
        -- A counter seen for the first time starts from the rollups of its scope since its period began.
        INSERT INTO budget_counters (budget_key, period_start, spent_micro_usd, reserved_micro_usd)
          SELECT w.k, w.p, (
              SELECT COALESCE(SUM(d.cost_micro_usd), 0) FROM usage_daily d
              WHERE CASE w.scope WHEN 'token' THEN d.token_id WHEN 'project' THEN d.project_id ELSE d.ai_provider_id END = w.id
                AND (w.from_day = '' OR d.day >= w.from_day::date)
            ), 0
          FROM unnest(keys, periods, seed_scopes, seed_ids, seed_days) AS w(k, p, scope, id, from_day)
          ORDER BY w.k, w.p
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

      CREATE FUNCTION budget_settle(reservation_id TEXT, keys TEXT[], periods TEXT[], cost BIGINT)
      RETURNS TABLE (budget_key TEXT, period_start TEXT, spent_micro_usd BIGINT, reserved_micro_usd BIGINT)
      LANGUAGE plpgsql AS $$
      DECLARE
        held BIGINT;
      BEGIN
        DELETE FROM budget_reservations r WHERE r.id = reservation_id RETURNING r.amount_micro_usd INTO held;
        PERFORM 1 FROM budget_counters c
          JOIN unnest(keys, periods) AS w(k, p) ON c.budget_key = w.k AND c.period_start = w.p
          ORDER BY c.budget_key, c.period_start
          FOR UPDATE OF c;
        UPDATE budget_counters c
          SET reserved_micro_usd = GREATEST(0, c.reserved_micro_usd - COALESCE(held, 0)), spent_micro_usd = c.spent_micro_usd + cost
          FROM unnest(keys, periods) AS w(k, p)
          WHERE c.budget_key = w.k AND c.period_start = w.p;
        RETURN QUERY SELECT c.budget_key, c.period_start, c.spent_micro_usd, c.reserved_micro_usd FROM budget_counters c
          JOIN unnest(keys, periods) AS w(k, p) ON c.budget_key = w.k AND c.period_start = w.p
          ORDER BY c.budget_key;
      END
      $$;

      CREATE FUNCTION budget_release_expired(cutoff TIMESTAMPTZ) RETURNS INTEGER LANGUAGE plpgsql AS $$
      DECLARE
        gone RECORD;
        released INTEGER := 0;
      BEGIN
        FOR gone IN DELETE FROM budget_reservations WHERE expires_at <= cutoff RETURNING amount_micro_usd, counters LOOP
          PERFORM 1 FROM budget_counters c
            JOIN jsonb_array_elements(gone.counters) AS w(pair) ON c.budget_key = w.pair->>0 AND c.period_start = w.pair->>1
            ORDER BY c.budget_key, c.period_start
            FOR UPDATE OF c;
          UPDATE budget_counters c SET reserved_micro_usd = GREATEST(0, c.reserved_micro_usd - gone.amount_micro_usd)
            FROM jsonb_array_elements(gone.counters) AS w(pair)
            WHERE c.budget_key = w.pair->>0 AND c.period_start = w.pair->>1;
          released := released + 1;
        END LOOP;
        RETURN released;
      END
      $$;
    `);
  },
};
