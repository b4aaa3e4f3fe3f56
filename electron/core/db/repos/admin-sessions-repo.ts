import type { Db } from '../database';

export type AdminSessionKind = 'login' | 'session';

/**
 * The `admin_sessions` table: hashes of admin UI session cookies and one-time login tokens, with
 * their expiry (ISO text, so plain string comparison orders them).
 */
export function createAdminSessionsRepo(db: Db) {
  const insert = db.prepare<[string, AdminSessionKind, string, string]>('INSERT INTO admin_sessions (token_hash, kind, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const findLive = db.prepare<[string, AdminSessionKind, string], 1>('SELECT 1 FROM admin_sessions WHERE token_hash = ? AND kind = ? AND expires_at > ?').pluck();
  // DELETE … RETURNING: two tabs opening one link at once cannot both redeem it.
  const take = db.prepare<[string, AdminSessionKind], string>('DELETE FROM admin_sessions WHERE token_hash = ? AND kind = ? RETURNING expires_at').pluck();
  const remove = db.prepare<[string]>('DELETE FROM admin_sessions WHERE token_hash = ?');
  const removeKind = db.prepare<[AdminSessionKind]>('DELETE FROM admin_sessions WHERE kind = ?');
  const removeExpired = db.prepare<[string]>('DELETE FROM admin_sessions WHERE expires_at <= ?');
  return {
    add(tokenHash: string, kind: AdminSessionKind, createdAt: string, expiresAt: string): void {
      insert.run(tokenHash, kind, createdAt, expiresAt);
    },
    /** Replaces every earlier login token with this one: one link works at a time. */
    replaceLogin(tokenHash: string, createdAt: string, expiresAt: string): void {
      db.transaction(() => {
        removeKind.run('login');
        insert.run(tokenHash, 'login', createdAt, expiresAt);
      }).immediate();
    },
    isLive(tokenHash: string, kind: AdminSessionKind, now: string): boolean {
      return findLive.get(tokenHash, kind, now) !== undefined;
    },
    /** Removes the row and returns its expiry, or null when there was none. */
    take(tokenHash: string, kind: AdminSessionKind): string | null {
      return take.get(tokenHash, kind) ?? null;
    },
    remove(tokenHash: string): void {
      remove.run(tokenHash);
    },
    removeExpired(now: string): void {
      removeExpired.run(now);
    },
  };
}
export type AdminSessionsRepo = ReturnType<typeof createAdminSessionsRepo>;
