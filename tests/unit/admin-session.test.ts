import { describe, expect, it } from 'vitest';
import { createAdminSessions } from '../../electron/core/http/admin-session';

describe('admin sessions', () => {
  it('redeems a login token exactly once', () => {
    const sessions = createAdminSessions({ now: () => new Date() });
    const token = sessions.issueLoginToken();
    const sessionId = sessions.redeem(token);
    expect(sessionId).toMatch(/^[\w-]{40,}$/);
    expect(sessions.isValid(sessionId!)).toBe(true);
    expect(sessions.redeem(token)).toBeNull();
  });

  it('refuses wrong tokens and unknown sessions', () => {
    const sessions = createAdminSessions({ now: () => new Date() });
    sessions.issueLoginToken();
    expect(sessions.redeem('wrong')).toBeNull();
    expect(sessions.isValid('made-up')).toBe(false);
    expect(sessions.isValid(undefined)).toBe(false);
  });

  it('expires sessions after twelve hours', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const sessions = createAdminSessions({ now: () => new Date(now) });
    const sessionId = sessions.redeem(sessions.issueLoginToken())!;
    now += 11 * 3600_000;
    expect(sessions.isValid(sessionId)).toBe(true);
    now += 2 * 3600_000;
    expect(sessions.isValid(sessionId)).toBe(false);
  });

  it('sets an HttpOnly, SameSite=Strict cookie', () => {
    const cookie = createAdminSessions({ now: () => new Date() }).cookie('abc');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
  });
});
