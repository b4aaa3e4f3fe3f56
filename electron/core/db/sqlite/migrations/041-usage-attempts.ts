import type { Migration } from '../migrate';

/**
 * A request sent through a route says which route it took and how many attempts it needed; the
 * attempts themselves (target, status, error code, duration) are kept with the row only when
 * there was more than one, so a plain request writes nothing more.
 */
export const m041UsageAttempts: Migration = {
  version: 41,
  name: 'usage-attempts',
  up(db) {
    db.exec(`
      ALTER TABLE usage_records ADD COLUMN route_id TEXT;
      ALTER TABLE usage_records ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE usage_records ADD COLUMN attempt_log TEXT;
    `);
  },
};
