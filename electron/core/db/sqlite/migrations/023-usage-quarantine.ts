import type { Migration } from '../migrate';

/**
 * Usage rows the database refused, kept as JSON with the reason, so one bad row never blocks the
 * rows behind it and can still be inspected (and repaired by hand) later.
 */
export const m023UsageQuarantine: Migration = {
  version: 23,
  name: 'usage-quarantine',
  up(db) {
    db.exec(`
      CREATE TABLE usage_quarantine (
        seq INTEGER PRIMARY KEY,
        quarantined_at TEXT NOT NULL,
        request_id TEXT,
        reason TEXT NOT NULL,
        row TEXT NOT NULL
      );
    `);
  },
};
