import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../electron/core/db/sqlite/sqlite-store';
import { createAdminSessions } from '../../electron/core/http/admin-session';
import { createMemoryLogger } from '../../electron/core/log';
import { makeTempDir } from '../support/temp-dir';

type SqliteStore = ReturnType<typeof openSqliteStore>;
const open = (file: string) => openSqliteStore(file, { log: createMemoryLogger(), clock: { now: () => new Date() } });

describe('admin sessions', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: SqliteStore;
  let now: number;
  const clock = { now: () => new Date(now) };
  const sessionsOver = (over: SqliteStore) => createAdminSessions(over.adminSessions, clock);
  const signIn = async (sessions: ReturnType<typeof sessionsOver>) => {
    const redeemed = await sessions.redeem(await sessions.issueLoginToken());
    if (!redeemed.ok) throw new Error('sign-in failed');
    return redeemed.sessionId;
  };
  beforeEach(() => {
    temp = makeTempDir();
    store = open(path.join(temp.dir, 'switchboard.db'));
    now = Date.parse('2026-01-01T00:00:00Z');
  });
  afterEach(() => {
    store.close();
    temp.cleanup();
  });

  it('redeems a login token exactly once', async () => {
    const sessions = sessionsOver(store);
    const token = await sessions.issueLoginToken();
    const redeemed = await sessions.redeem(token);
    expect(redeemed).toMatchObject({ ok: true, sessionId: expect.stringMatching(/^[\w-]{40,}$/) });
    expect(await sessions.isValid(redeemed.ok ? redeemed.sessionId : '')).toBe(true);
    expect(await sessions.redeem(token)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses wrong tokens, unknown sessions and a link replaced by a newer one', async () => {
    const sessions = sessionsOver(store);
    const older = await sessions.issueLoginToken();
    await sessions.issueLoginToken();
    expect(await sessions.redeem(older)).toEqual({ ok: false, reason: 'unknown' });
    expect(await sessions.redeem('wrong')).toEqual({ ok: false, reason: 'unknown' });
    expect(await sessions.redeem('')).toEqual({ ok: false, reason: 'unknown' });
    expect(await sessions.isValid('made-up')).toBe(false);
    expect(await sessions.isValid(undefined)).toBe(false);
  });

  it('expires login links after an hour', async () => {
    const sessions = sessionsOver(store);
    const token = await sessions.issueLoginToken();
    now += 61 * 60_000;
    expect(await sessions.redeem(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('expires sessions after twelve hours', async () => {
    const sessions = sessionsOver(store);
    const sessionId = await signIn(sessions);
    now += 11 * 3600_000;
    expect(await sessions.isValid(sessionId)).toBe(true);
    now += 2 * 3600_000;
    expect(await sessions.isValid(sessionId)).toBe(false);
  });

  it('survives a restart: a new process over the same database knows the session', async () => {
    const sessionId = await signIn(sessionsOver(store));
    store.close();
    store = open(path.join(temp.dir, 'switchboard.db'));
    expect(await sessionsOver(store).isValid(sessionId)).toBe(true);
  });

  it('keeps only hashes: no session id or login token is in the database', async () => {
    const sessions = sessionsOver(store);
    const token = await sessions.issueLoginToken();
    const redeemed = await sessions.redeem(token);
    const later = await sessions.issueLoginToken();
    const stored = JSON.stringify(store.db.prepare('SELECT * FROM admin_sessions').all());
    for (const value of [token, later, redeemed.ok ? redeemed.sessionId : 'x']) expect(stored).not.toContain(value);
    expect(stored).toMatch(/[0-9a-f]{64}/);
  });

  it('signs out: the session stops working', async () => {
    const sessions = sessionsOver(store);
    const sessionId = await signIn(sessions);
    await sessions.signOut(sessionId);
    expect(await sessions.isValid(sessionId)).toBe(false);
    expect(sessions.clearedCookie()).toContain('Max-Age=0');
  });

  it('sets an HttpOnly, SameSite=Strict cookie', async () => {
    const cookie = sessionsOver(store).cookie('abc');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
  });
});
