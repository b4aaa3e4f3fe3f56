import type { AdminSessionKind, AdminSessionsRepo } from '../admin-sessions-repo';
import type { Db } from './database';
import type { Synchronous } from './promised';

/** The `admin_sessions` table. */
export function createAdminSessionsRepo(db: Db): Synchronous<AdminSessionsRepo> {
  const insert = db.prepare<[string, AdminSessionKind, string, string]>(
    'INSERT INTO admin_sessions (token_hash, kind, created_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  const findLive = db
    .prepare<[string, AdminSessionKind, string], 1>('SELECT 1 FROM admin_sessions WHERE token_hash = ? AND kind = ? AND expires_at > ?')
    .pluck();
  // DELETE … RETURNING: two tabs opening one link at once cannot both redeem it.
  const take = db
    .prepare<[string, AdminSessionKind], string>('DELETE FROM admin_sessions WHERE token_hash = ? AND kind = ? RETURNING expires_at')
    .pluck();
  const remove = db.prepare<[string]>('DELETE FROM admin_sessions WHERE token_hash = ?');
  const removeKind = db.prepare<[AdminSessionKind]>('DELETE FROM admin_sessions WHERE kind = ?');
  const removeExpired = db.prepare<[string]>('DELETE FROM admin_sessions WHERE expires_at <= ?');
  return {
    add(tokenHash, kind, createdAt, expiresAt) {
      insert.run(tokenHash, kind, createdAt, expiresAt);
    },
    replaceLogin(tokenHash, createdAt, expiresAt) {
      db.transaction(() => {
        removeKind.run('login');
        insert.run(tokenHash, 'login', createdAt, expiresAt);
      }).immediate();
    },
    isLive(tokenHash, kind, now) {
      return findLive.get(tokenHash, kind, now) !== undefined;
    },
    take(tokenHash, kind) {
      return take.get(tokenHash, kind) ?? null;
    },
    remove(tokenHash) {
      remove.run(tokenHash);
    },
    removeExpired(now) {
      removeExpired.run(now);
    },
  };
}
