export type AdminSessionKind = 'login' | 'session';

/**
 * Admin UI sessions and one-time login tokens, as hashes with their expiry (ISO text, so plain
 * string comparison orders them).
 */
export interface AdminSessionsRepo {
  add(tokenHash: string, kind: AdminSessionKind, createdAt: string, expiresAt: string): Promise<void>;
  /** Replaces every earlier login token with this one, in one write: one link works at a time. */
  replaceLogin(tokenHash: string, createdAt: string, expiresAt: string): Promise<void>;
  isLive(tokenHash: string, kind: AdminSessionKind, now: string): Promise<boolean>;
  /** Removes the row and returns its expiry, or null when there was none (only one caller can take it). */
  take(tokenHash: string, kind: AdminSessionKind): Promise<string | null>;
  remove(tokenHash: string): Promise<void>;
  removeExpired(now: string): Promise<void>;
}
