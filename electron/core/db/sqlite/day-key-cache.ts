import type { UsagePoint } from '../../../../shared/operations';
import type { Db } from './database';

/** Views kept at most; the Usage screen reads three or four at a time. */
const maxEntries = 16;
/** Larger answers (a year grouped by thousands of tokens) are not kept: memory over speed. */
const maxRowsPerEntry = 50_000;

/**
 * Remembers the day × group rows of recent views until the database changes. A view's rows are
 * the input of its summary, its time series and the next poll of a live Usage screen, so one
 * scan of the rollups serves all of them. Any write on this connection (`total_changes()`) or
 * another one (`data_version`) makes every entry stale: correct without knowing who writes.
 */
export function createDayKeyCache(db: Db) {
  const stampStatement = db.prepare('SELECT total_changes() AS changes, (SELECT data_version FROM pragma_data_version) AS version');
  const entries = new Map<string, { stamp: string; rows: UsagePoint[] }>();
  const stamp = () => {
    const { changes, version } = stampStatement.get() as { changes: number; version: number };
    return `${version}:${changes}`;
  };
  return {
    get(key: string, read: () => UsagePoint[]): UsagePoint[] {
      const now = stamp();
      const hit = entries.get(key);
      if (hit && hit.stamp === now) return hit.rows;
      const rows = read();
      entries.delete(key);
      if (rows.length <= maxRowsPerEntry) {
        entries.set(key, { stamp: now, rows });
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      }
      return rows;
    },
  };
}
