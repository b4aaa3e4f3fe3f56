import type { Migration } from '../migrate';

/**
 * Marks rows whose usage the proxy could not read (a stream without a usage event, a body it could
 * not decode, a stream cut before its report). Their tokens are not zero but unknown, so their cost
 * is null and they count as unpriced; older rows were all read, or recorded as zero before this.
 */
export const m022UsageUnknown: Migration = {
  version: 22,
  name: 'usage-unknown',
  up(db) {
    db.exec('ALTER TABLE usage_records ADD COLUMN usage_unknown INTEGER NOT NULL DEFAULT 0');
  },
};
