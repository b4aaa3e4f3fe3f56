import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/database';
import { createAdminSessionsRepo } from '../../electron/core/db/repos/admin-sessions-repo';
import { createAdminSessions } from '../../electron/core/http/admin-session';
import { createMemoryLogger } from '../../electron/core/log';
import { makeTempDir } from '../support/temp-dir';

describe('admin sessions', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let now: number;
  const clock = { now: () => new Date(now) };
  const sessionsOver = (database: Db) => createAdminSessions(createAdminSessionsRepo(database), clock);
  const signIn = (sessions: ReturnType<typeof sessionsOver>) => {
    const redeemed = sessions.redeem(sessions.issueLoginToken());
    if (!redeemed.ok) throw new Error('sign-in failed');
    return redeemed.sessionId;
  };
  beforeEach(() => {
    temp = makeTempDir();
    db = openDatabase(path.join(temp.dir, 'switchboard.db'), createMemoryLogger());
    now = Date.parse('2026-01-01T00:00:00Z');
  });
  afterEach(() => {
    db.close();
    temp.cleanup();
  });

  it('redeems a login token exactly once', () => {
    const sessions = sessionsOver(db);
    const token = sessions.issueLoginToken();
    const redeemed = sessions.redeem(token);
    expect(redeemed).toMatchObject({ ok: true, sessionId: expect.stringMatching(/^[\w-]{40,}$/) });
    expect(sessions.isValid(redeemed.ok ? redeemed.sessionId : '')).toBe(true);
    expect(sessions.redeem(token)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses wrong tokens, unknown sessions and a link replaced by a newer one', () => {
    const sessions = sessionsOver(db);
    const older = sessions.issueLoginToken();
    sessions.issueLoginToken();
    expect(sessions.redeem(older)).toEqual({ ok: false, reason: 'unknown' });
    expect(sessions.redeem('wrong')).toEqual({ ok: false, reason: 'unknown' });
    expect(sessions.redeem('')).toEqual({ ok: false, reason: 'unknown' });
    expect(sessions.isValid('made-up')).toBe(false);
    expect(sessions.isValid(undefined)).toBe(false);
  });

  it('expires login links after an hour', () => {
    const sessions = sessionsOver(db);
    const token = sessions.issueLoginToken();
    now += 61 * 60_000;
    expect(sessions.redeem(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('expires sessions after twelve hours', () => {
    const sessions = sessionsOver(db);
    const sessionId = signIn(sessions);
    now += 11 * 3600_000;
    expect(sessions.isValid(sessionId)).toBe(true);
    now += 2 * 3600_000;
    expect(sessions.isValid(sessionId)).toBe(false);
  });

  it('survives a restart: a new process over the same database knows the session', () => {
    const sessionId = signIn(sessionsOver(db));
    db.close();
    db = openDatabase(path.join(temp.dir, 'switchboard.db'), createMemoryLogger());
    expect(sessionsOver(db).isValid(sessionId)).toBe(true);
  });

  it('keeps only hashes: no session id or login token is in the database', () => {
    const sessions = sessionsOver(db);
    const token = sessions.issueLoginToken();
    const redeemed = sessions.redeem(token);
    const later = sessions.issueLoginToken();
    const stored = JSON.stringify(db.prepare('SELECT * FROM admin_sessions').all());
    for (const value of [token, later, redeemed.ok ? redeemed.sessionId : 'x']) expect(stored).not.toContain(value);
    expect(stored).toMatch(/[0-9a-f]{64}/);
  });

  it('signs out: the session stops working', () => {
    const sessions = sessionsOver(db);
    const sessionId = signIn(sessions);
    sessions.signOut(sessionId);
    expect(sessions.isValid(sessionId)).toBe(false);
    expect(sessions.clearedCookie()).toContain('Max-Age=0');
  });

  it('sets an HttpOnly, SameSite=Strict cookie', () => {
    const cookie = sessionsOver(db).cookie('abc');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
  });
});
