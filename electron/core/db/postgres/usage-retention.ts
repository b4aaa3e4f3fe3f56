import type { UsageRetentionRepo } from '../usage-retention-repo';
import type { Sql } from './sql';

/** Retention on PostgreSQL: the oldest rows by the `at` index, a batch at a time (the admin role's; gateways cannot delete). */
export function createPgUsageRetention(sql: Sql): UsageRetentionRepo {
  return {
    async pruneBatch(before, limit) {
      const result = await sql.query(
        'DELETE FROM usage_records WHERE seq IN (SELECT seq FROM usage_records WHERE at < $1::timestamptz ORDER BY at LIMIT $2)',
        [before, limit],
      );
      return result.rowCount ?? 0;
    },
    async oldestRawRowAt() {
      const { rows } = await sql.query<{ oldest: Date | null }>('SELECT MIN(at) AS oldest FROM usage_records');
      return rows[0]?.oldest ? new Date(rows[0].oldest).toISOString() : null;
    },
    async databaseBytes() {
      const { rows } = await sql.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
      return rows[0] ? Number(rows[0].bytes) : null;
    },
  };
}
