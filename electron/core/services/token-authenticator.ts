import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { Token, TokenKind } from '../../../shared/operations';
import { isoNow, type Clock } from '../clock';
import type { Store } from '../db/store';
import type { OutageWindow } from '../db/store-outage';
import type { StoredToken } from '../db/tokens-repo';
import type { Logger } from '../log';
import { createAuthThrottle, type AuthThrottleOptions } from './auth-throttle';
import { hashTokenValue, tokenValuePattern } from './token-values';

/** The token a request presented, after it checked out: its metadata record. */
export type AuthenticatedToken = Token;

const maxCachedTokens = 5_000;
const lastUsedFlushMs = 5_000;
/**
 * How old a job token's record may be when another process changed it (the CLI revoking it): the
 * proxy looks for such writes at most this often, not on every request, well within the second a
 * revocation is promised to apply in. API tokens (REST, MCP) are checked against the store each time.
 */
const jobTokenStaleMs = 100;

/**
 * Token authentication for the proxy hot path: a presented value → record cache (dropped when
 * this process changes a token, or when the store's change feed says another process wrote),
 * constant-time hash comparison on a miss, failed-attempt throttling, and `lastUsedAt` writes
 * coalesced every few seconds. A cache hit answers at once, without a promise; only a miss waits
 * for the store.
 */
export function createTokenAuthenticator(deps: {
  store: Pick<Store, 'tokens' | 'changes'>;
  clock: Clock;
  log: Logger;
  throttle?: AuthThrottleOptions;
  /** While the store cannot be reached, a token it answered for before is taken from memory, for a bounded time. */
  outage?: OutageWindow;
}) {
  const { store, clock, log } = deps;
  const repo = store.tokens;
  const throttle = createAuthThrottle(clock, deps.throttle);
  const cache = new Map<string, StoredToken>();
  // What the store last said about each value; kept when the cache is dropped, used only while the store is unreachable.
  const lastKnown = new Map<string, StoredToken | null>();
  const pendingLastUsed = new Map<string, string>();
  // Another process wrote the store (the CLI revoking a token): any cached token may be stale.
  const unsubscribe = store.changes.onExternalChange(() => cache.clear());

  /**
   * The stored record for a presented value, checked against its hash. Keyed by the value itself,
   * a hit costs no hashing; only a value that matched its stored hash ever becomes a key.
   */
  async function lookup(value: string): Promise<StoredToken | null> {
    const hash = hashTokenValue(value);
    const read = async () => {
      const found = await repo.findByHash(hash);
      const stored = found && timingSafeEqual(found.hash, hash) ? found : null;
      if (stored) {
        if (lastKnown.size >= maxCachedTokens) lastKnown.delete(lastKnown.keys().next().value!);
        lastKnown.set(value, stored);
      } else lastKnown.delete(value);
      return stored;
    };
    const stored = deps.outage ? await deps.outage.read(read, lastKnown.get(value)) : await read();
    if (!stored) return null;
    if (cache.size >= maxCachedTokens) cache.delete(cache.keys().next().value!);
    cache.set(value, stored);
    return stored;
  }

  function reject(clientKey: string, reason: string): never {
    const wait = throttle.retryAfterSeconds(clientKey);
    if (wait > 0) throw new AppError('rate_limited', 'Too many failed authentication attempts; try again later', undefined, wait);
    throttle.recordFailure(clientKey);
    throw new AppError('unauthorized', reason);
  }

  /** The verdict on a looked-up record: 401 unless it is live and of the expected kind. */
  function accept(stored: StoredToken | null, kind: TokenKind, clientKey: string): AuthenticatedToken {
    if (!stored) return reject(clientKey, 'Unknown Switchboard token');
    const { token } = stored;
    if (token.revokedAt !== null) return reject(clientKey, 'This token was revoked');
    const now = isoNow(clock);
    if (token.expiresAt !== null && token.expiresAt <= now) return reject(clientKey, 'This token has expired');
    if (token.kind !== kind) return reject(clientKey, `This is a ${token.kind} token; this endpoint needs a ${kind} token`);
    pendingLastUsed.set(token.id, now);
    // The record is this cache's own: its last use is set in place rather than copied per request.
    token.lastUsedAt = now;
    return token;
  }

  /** Writes pending last uses; the write starts at once (an idle store), so a flush on shutdown lands. */
  function flush(): Promise<void> {
    if (pendingLastUsed.size === 0) return Promise.resolve();
    const batch = [...pendingLastUsed];
    pendingLastUsed.clear();
    return repo.touch(batch).catch((error: unknown) => {
      log.warn('could not record token last use', { message: (error as Error).message.slice(0, 200) });
    });
  }
  const timer = setInterval(() => void flush(), lastUsedFlushMs);
  timer.unref();

  return {
    /**
     * Checks a presented token of the expected kind. Throws 401 for an unknown, malformed,
     * expired, revoked or wrong-kind token, and 429 (with Retry-After) once `clientKey` has
     * failed too often; a valid token is accepted regardless of earlier failures. A cached token
     * is answered (or refused) at once; one the store must be asked for, as a promise.
     */
    authenticate(value: string, kind: TokenKind, clientKey = 'local'): AuthenticatedToken | Promise<AuthenticatedToken> {
      if (!tokenValuePattern.test(value)) return reject(clientKey, 'Unknown Switchboard token');
      store.changes.check(kind === 'job' ? jobTokenStaleMs : 0);
      const cached = cache.get(value);
      if (cached) return accept(cached, kind, clientKey);
      return lookup(value).then((stored) => accept(stored, kind, clientKey));
    },
    /** Drops a token from the cache after it changed (revoked, updated). */
    forget(tokenId: string): void {
      for (const [key, stored] of cache) if (stored.token.id === tokenId) cache.delete(key);
      for (const [key, stored] of lastKnown) if (stored?.token.id === tokenId) lastKnown.delete(key);
    },
    /** A last use not yet written to the database, so reads are never behind. */
    pendingLastUsedAt: (tokenId: string): string | undefined => pendingLastUsed.get(tokenId),
    flush,
    dispose(): void {
      clearInterval(timer);
      unsubscribe();
      void flush();
    },
  };
}
export type TokenAuthenticator = ReturnType<typeof createTokenAuthenticator>;
