import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';

export const adminCookieName = 'sb_admin';

const sessionLifetimeMs = 12 * 60 * 60 * 1000;
/** A printed login link is for the person at the terminal now; `switchboard login` prints another. */
export const loginLinkLifetimeMs = 60 * 60 * 1000;

/** Where sessions and login tokens live (the database, so they outlive a restart); hashes only. */
export interface AdminSessionStore {
  add(tokenHash: string, kind: 'session', createdAt: string, expiresAt: string): Promise<void>;
  replaceLogin(tokenHash: string, createdAt: string, expiresAt: string): Promise<void>;
  isLive(tokenHash: string, kind: 'session', now: string): Promise<boolean>;
  take(tokenHash: string, kind: 'login'): Promise<string | null>;
  remove(tokenHash: string): Promise<void>;
  removeExpired(now: string): Promise<void>;
}

export type Redemption = { ok: true; sessionId: string } | { ok: false; reason: 'expired' | 'unknown' };

const digest = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The admin UI's login: a random one-time login token (printed by `serve` and `switchboard login`,
 * like Jupyter's token URL) is exchanged once for an HttpOnly SameSite=Strict session cookie.
 * The store keeps only SHA-256 hashes, so its rows sign nobody in.
 */
export function createAdminSessions(store: AdminSessionStore, clock: Clock) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    /** A fresh login token; any earlier unused one stops working. */
    async issueLoginToken(): Promise<string> {
      const now = clock.now().getTime();
      const token = randomBytes(24).toString('base64url');
      await store.removeExpired(iso(now));
      await store.replaceLogin(digest(token), iso(now), iso(now + loginLinkLifetimeMs));
      return token;
    },
    /** Exchanges the login token for a session id, once. */
    async redeem(candidate: string): Promise<Redemption> {
      const now = clock.now().getTime();
      const expiresAt = candidate ? await store.take(digest(candidate), 'login') : null;
      if (expiresAt === null) return { ok: false, reason: 'unknown' };
      if (expiresAt <= iso(now)) return { ok: false, reason: 'expired' };
      const sessionId = randomBytes(32).toString('base64url');
      await store.add(digest(sessionId), 'session', iso(now), iso(now + sessionLifetimeMs));
      return { ok: true, sessionId };
    },
    async isValid(sessionId: string | undefined): Promise<boolean> {
      return !!sessionId && (await store.isLive(digest(sessionId), 'session', iso(clock.now().getTime())));
    },
    async signOut(sessionId: string | undefined): Promise<void> {
      if (sessionId) await store.remove(digest(sessionId));
    },
    cookie(sessionId: string): string {
      return `${adminCookieName}=${sessionId}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${sessionLifetimeMs / 1000}`;
    },
    clearedCookie(): string {
      return `${adminCookieName}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
    },
  };
}
export type AdminSessions = ReturnType<typeof createAdminSessions>;
