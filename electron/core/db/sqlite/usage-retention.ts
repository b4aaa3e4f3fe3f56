import type { UsageRetentionRepo } from '../usage-retention-repo';
import type { Db } from './database';
import type { Synchronous } from './promised';

/**
 * Retention on SQLite. A batch deletes the oldest rows by the `at` index, a few thousand at a
 * time, so each write transaction is short and the recorder's batches get in between. Freed pages
 * are reused by new rows; the file is not shrunk (that would rewrite it whole).
 */
export function createSqliteUsageRetention(db: Db): Synchronous<UsageRetentionRepo> {
  const prune = db.prepare('DELETE FROM usage_records WHERE seq IN (SELECT seq FROM usage_records WHERE at < ? ORDER BY at LIMIT ?)');
  const oldest = db.prepare<[], string | null>('SELECT MIN(at) FROM usage_records').pluck();
  const size = db.prepare<[], number>('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck();
  return {
    pruneBatch: (before, limit) => prune.run(before, limit).changes,
    oldestRawRowAt: () => oldest.get() ?? null,
    databaseBytes: () => size.get() ?? null,
  };
}
