import type { AdminSessionsRepo } from '../admin-sessions-repo';
import type { Sql } from './sql';

/** The `admin_sessions` table on PostgreSQL. */
export function createPgAdminSessionsRepo(sql: Sql): AdminSessionsRepo {
  return {
    async add(tokenHash, kind, createdAt, expiresAt) {
      await sql.query('INSERT INTO admin_sessions (token_hash, kind, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        tokenHash,
        kind,
        createdAt,
        expiresAt,
      ]);
    },
    async replaceLogin(tokenHash, createdAt, expiresAt) {
      // One statement, so one transaction: the old links go as the new one arrives.
      await sql.query(
        `WITH gone AS (DELETE FROM admin_sessions WHERE kind = 'login')
         INSERT INTO admin_sessions (token_hash, kind, created_at, expires_at) VALUES ($1, 'login', $2, $3)`,
        [tokenHash, createdAt, expiresAt],
      );
    },
    async isLive(tokenHash, kind, now) {
      const { rows } = await sql.query('SELECT 1 FROM admin_sessions WHERE token_hash = $1 AND kind = $2 AND expires_at > $3', [
        tokenHash,
        kind,
        now,
      ]);
      return rows.length > 0;
    },
    async take(tokenHash, kind) {
      // DELETE … RETURNING: two tabs opening one link at once cannot both redeem it.
      const { rows } = await sql.query<{ expires_at: string }>(
        'DELETE FROM admin_sessions WHERE token_hash = $1 AND kind = $2 RETURNING expires_at',
        [tokenHash, kind],
      );
      return rows[0]?.expires_at ?? null;
    },
    async remove(tokenHash) {
      await sql.query('DELETE FROM admin_sessions WHERE token_hash = $1', [tokenHash]);
    },
    async removeExpired(now) {
      await sql.query('DELETE FROM admin_sessions WHERE expires_at <= $1', [now]);
    },
  };
}
