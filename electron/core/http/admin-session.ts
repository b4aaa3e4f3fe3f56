import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';

export const adminCookieName = 'sb_admin';

const sessionLifetimeMs = 12 * 60 * 60 * 1000;

/**
 * The headless admin UI's login: a random one-time login token (printed at start, like Jupyter's
 * token URL) is exchanged once for an HttpOnly SameSite=Strict session cookie.
 */
export function createAdminSessions(clock: Clock) {
  const sessions = new Map<string, number>();
  let loginDigest: Buffer | null = null;

  const digest = (value: string) => createHash('sha256').update(value).digest();

  return {
    /** A fresh login token; any earlier unused one stops working. */
    issueLoginToken(): string {
      const token = randomBytes(24).toString('base64url');
      loginDigest = digest(token);
      return token;
    },
    /** Exchanges the login token for a session id, once. */
    redeem(candidate: string): string | null {
      if (!loginDigest || !timingSafeEqual(loginDigest, digest(candidate))) return null;
      loginDigest = null;
      const sessionId = randomBytes(32).toString('base64url');
      sessions.set(sessionId, clock.now().getTime() + sessionLifetimeMs);
      return sessionId;
    },
    isValid(sessionId: string | undefined): boolean {
      if (!sessionId) return false;
      const expires = sessions.get(sessionId);
      if (expires === undefined) return false;
      if (expires < clock.now().getTime()) {
        sessions.delete(sessionId);
        return false;
      }
      return true;
    },
    cookie(sessionId: string): string {
      return `${adminCookieName}=${sessionId}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${sessionLifetimeMs / 1000}`;
    },
  };
}
export type AdminSessions = ReturnType<typeof createAdminSessions>;
