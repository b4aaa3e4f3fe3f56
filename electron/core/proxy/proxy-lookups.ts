import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Token } from '../../../shared/operations/tokens';
import { assertAllowedUpstreamUrl } from '../net/forbidden-address';
import type { ProxyDeps } from './proxy-deps';
import { createTtlCache } from './ttl-cache';

/**
 * Cached token authentication, provider resolution and secret reads: the hot path asks the
 * database and the vault (keytar is slow) only when an entry is missing or stale. Entries are
 * dropped when an admin changes what they copy (a revoked token takes effect at once) and a
 * secret when an upstream rejects it; the TTL bounds staleness for changes made elsewhere.
 */
export function createProxyLookups(deps: ProxyDeps, options: { lookupCacheMs: number; secretCacheMs: number }) {
  const tokens = createTtlCache<{ token: Token; expiresAtMs: number }>(options.lookupCacheMs);
  const providers = createTtlCache<AiProvider>(options.lookupCacheMs);
  const secrets = createTtlCache<string>(options.secretCacheMs, 1000);
  const bases = new Map<string, URL>();
  // Admin changes are rare: dropping a whole cache makes them apply from the very next request.
  const unsubscribers = [
    deps.events.on('secret.changed', ({ secretId }) => secrets.delete(secretId)),
    deps.events.on('token.changed', () => tokens.clear()),
    deps.events.on('aiProvider.changed', () => providers.clear()),
  ];

  return {
    async token(value: string, now: number): Promise<Token> {
      const cached = tokens.get(value, now);
      if (cached && cached.expiresAtMs > now) return cached.token;
      const token = await deps.authenticateJobToken(value);
      tokens.set(value, { token, expiresAtMs: token.expiresAt ? Date.parse(token.expiresAt) : Infinity }, now);
      return token;
    },
    async provider(projectId: string, ref: string, now: number): Promise<AiProvider> {
      const key = projectId + '\n' + ref;
      const cached = providers.get(key, now);
      if (cached) return cached;
      const provider = await deps.resolveProvider(projectId, ref);
      providers.set(key, provider, now);
      return provider;
    },
    async secret(secretId: string, now: number): Promise<string> {
      const cached = secrets.get(secretId, now);
      if (cached !== undefined) return cached;
      const value = await deps.readSecret(secretId);
      secrets.set(secretId, value, now);
      return value;
    },
    /** A provider's base URL, parsed and checked against the address rules once per distinct value. */
    baseUrl(text: string): URL {
      const cached = bases.get(text);
      if (cached) return cached;
      const base = new URL(text);
      assertAllowedUpstreamUrl(base);
      if (bases.size >= 1000) bases.clear();
      bases.set(text, base);
      return base;
    },
    forgetSecret(secretId: string): void {
      secrets.delete(secretId);
    },
    close: () => unsubscribers.forEach((unsubscribe) => unsubscribe()),
  };
}
export type ProxyLookups = ReturnType<typeof createProxyLookups>;
