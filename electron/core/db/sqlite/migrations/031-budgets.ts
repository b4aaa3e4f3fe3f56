import type { Migration } from '../migrate';

/**
 * Budgets and the ledger that makes them hold. A counter is one budget's spend in one period (a
 * token's own lifetime cap is a budget too, keyed by its token id); a reservation holds a
 * request's estimate on its counters until it settles to the actual cost or expires. Alerts
 * remember which thresholds already went out in a period.
 */
export const m031Budgets: Migration = {
  version: 31,
  name: 'budgets',
  up(db) {
    db.exec(`
      CREATE TABLE budgets (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        name TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('token', 'project', 'aiProvider')),
        scope_id TEXT NOT NULL,
        period TEXT NOT NULL CHECK (period IN ('lifetime', 'daily', 'weekly', 'monthly')),
        time_zone TEXT NOT NULL,
        cap_micro_usd INTEGER NOT NULL,
        allow_unpriced INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX budgets_by_project ON budgets (project_id, created_at, id);

      CREATE TABLE budget_counters (
        budget_key TEXT NOT NULL,
        period_start TEXT NOT NULL,
        spent_micro_usd INTEGER NOT NULL,
        reserved_micro_usd INTEGER NOT NULL,
        PRIMARY KEY (budget_key, period_start)
      ) WITHOUT ROWID;

      CREATE TABLE budget_reservations (
        id TEXT PRIMARY KEY,
        amount_micro_usd INTEGER NOT NULL,
        counters TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX budget_reservations_by_expiry ON budget_reservations (expires_at);

      CREATE TABLE budget_alerts (
        budget_key TEXT NOT NULL,
        period_start TEXT NOT NULL,
        threshold INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (budget_key, period_start, threshold)
      ) WITHOUT ROWID;
    `);
  },
};
