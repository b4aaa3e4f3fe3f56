import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Route } from '../../../shared/operations/routes';
import { assertAllowedUpstreamUrl } from '../net/forbidden-address';
import type { ProxyDeps } from './proxy-deps';
import { createTtlCache } from './ttl-cache';

/**
 * Cached provider resolution and secret reads: the hot path asks the database and the vault
 * (keytar is slow) only when an entry is missing or stale, and a hit answers without a promise.
 * Entries are dropped when an admin changes what they copy and a secret when an upstream rejects
 * it; the TTL bounds staleness for changes made elsewhere. (Tokens are cached by their authenticator.)
 */
export function createProxyLookups(
  deps: Pick<ProxyDeps, 'events' | 'resolveProvider' | 'readSecret' | 'findRoute'>,
  options: { lookupCacheMs: number; secretCacheMs: number },
) {
  const providers = createTtlCache<AiProvider>(options.lookupCacheMs);
  const routes = createTtlCache<Route>(options.lookupCacheMs);
  const secrets = createTtlCache<string>(options.secretCacheMs, 1000);
  const bases = new Map<string, URL>();
  // Admin changes are rare: dropping a whole cache makes them apply from the very next request.
  const unsubscribers = [
    deps.events.on('secret.changed', ({ secretId }) => secrets.delete(secretId)),
    deps.events.on('aiProvider.changed', () => providers.clear()),
    deps.events.on('route.changed', () => routes.clear()),
  ];

  return {
    provider(projectId: string, ref: string, now: number): Promise<AiProvider> | AiProvider {
      const key = projectId + '\n' + ref;
      const cached = providers.get(key, now);
      if (cached) return cached;
      return remember(deps.resolveProvider(projectId, ref), (provider) => providers.set(key, provider, now));
    },
    /** A route of the project by name; 404 when there is none (nor a provider of that name). */
    route(projectId: string, name: string, now: number): Promise<Route> | Route {
      const key = projectId + '\n' + name;
      const cached = routes.get(key, now);
      if (cached) return cached;
      return deps.findRoute(projectId, name).then((route) => {
        if (!route) throw new AppError('not_found', `No AI provider or route "${name.slice(0, 64)}" in this project`);
        routes.set(key, route, now);
        return route;
      });
    },
    secret(secretId: string, now: number): Promise<string> | string {
      const cached = secrets.get(secretId, now);
      if (cached !== undefined) return cached;
      return remember(deps.readSecret(secretId), (value) => secrets.set(secretId, value, now));
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

/** Stores a looked-up value whether it came at once or as a promise, and passes it on the same way. */
function remember<T>(found: Promise<T> | T, store: (value: T) => void): Promise<T> | T {
  if (!(found instanceof Promise)) {
    store(found);
    return found;
  }
  return found.then((value) => {
    store(value);
    return value;
  });
}
