import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Budget } from '../../../shared/operations/budgets';
import type { Route } from '../../../shared/operations/routes';
import { assertAllowedUpstreamUrl } from '../net/forbidden-address';
import type { ProxyDeps } from './proxy-deps';
import { createTtlCache } from './ttl-cache';

/**
 * Cached provider resolution and secret reads: the hot path asks the database and the vault
 * (keytar is slow) only when an entry is missing or stale, and a hit answers without a promise.
 * Entries are dropped when an admin changes what they copy and a secret when an upstream rejects
 * it; changes made elsewhere drop them through the store's change feed, and the TTL bounds staleness
 * where no feed tells. (Tokens are cached by their authenticator.)
 */
export function createProxyLookups(
  deps: Pick<ProxyDeps, 'events' | 'resolveProvider' | 'readSecret' | 'budgetsOf' | 'findRoute' | 'onStoreChange' | 'outage'>,
  options: { lookupCacheMs: number; secretCacheMs: number },
) {
  const providers = createTtlCache<AiProvider>(options.lookupCacheMs);
  const routes = createTtlCache<Route>(options.lookupCacheMs);
  const secrets = createTtlCache<string>(options.secretCacheMs, 1000);
  const budgets = createTtlCache<Budget[]>(options.lookupCacheMs);
  const bases = new Map<string, URL>();
  // The last answer for each key, kept when the caches are dropped: used only while the store is unreachable.
  const lastKnown = {
    providers: new Map<string, AiProvider>(),
    routes: new Map<string, Route | null>(),
    budgets: new Map<string, Budget[]>(),
    secrets: new Map<string, string>(),
  };
  // Reads on their way, by kind and key: the requests that miss together (a cache entry expiring
  // under load) share one store read instead of sending one each. A change forgets them, so a
  // request after it never joins a read from before it.
  const reading = new Map<string, Promise<unknown>>();
  function fresh<K extends keyof typeof lastKnown, T>(kind: K, key: string, read: () => Promise<T> | T): Promise<T> | T {
    const memory = lastKnown[kind] as unknown as Map<string, T>;
    const readAndKeep = () =>
      remember(read(), (value) => {
        if (memory.size >= 10_000) memory.clear();
        memory.set(key, value);
      });
    const readingKey = kind + '\n' + key;
    const pending = reading.get(readingKey) as Promise<T> | undefined;
    if (pending) return pending;
    const found = deps.outage ? deps.outage.read(readAndKeep, memory.get(key)) : readAndKeep();
    if (!(found instanceof Promise)) return found;
    const shared = found.finally(() => {
      if (reading.get(readingKey) === shared) reading.delete(readingKey);
    });
    reading.set(readingKey, shared);
    return shared;
  }
  // Admin changes are rare: dropping a whole cache makes them apply from the very next request.
  const unsubscribers = [
    deps.events.on('secret.changed', ({ secretId }) => {
      secrets.delete(secretId);
      lastKnown.secrets.delete(secretId);
      reading.clear();
    }),
    deps.events.on('aiProvider.changed', () => {
      providers.clear();
      reading.clear();
    }),
    deps.events.on('route.changed', () => {
      routes.clear();
      reading.clear();
    }),
    deps.events.on('budget.changed', ({ projectId }) => {
      budgets.delete(projectId);
      reading.clear();
    }),
    // Another gateway's change (a team database's notice): applied here from the next request.
    deps.onStoreChange?.(() => {
      providers.clear();
      routes.clear();
      secrets.clear();
      budgets.clear();
      reading.clear();
    }) ?? (() => undefined),
  ];

  return {
    provider(projectId: string, ref: string, now: number): Promise<AiProvider> | AiProvider {
      const key = projectId + '\n' + ref;
      const cached = providers.get(key, now);
      if (cached) return cached;
      return remember(
        fresh('providers', key, () => deps.resolveProvider(projectId, ref)),
        (provider) => providers.set(key, provider, now),
      );
    },
    /** The project's budgets: every capped request checks them. */
    budgets(projectId: string, now: number): Promise<Budget[]> | Budget[] {
      const cached = budgets.get(projectId, now);
      if (cached) return cached;
      return remember(
        fresh('budgets', projectId, () => deps.budgetsOf(projectId)),
        (list) => budgets.set(projectId, list, now),
      );
    },
    /** A route of the project by name; 404 when there is none (nor a provider of that name). */
    route(projectId: string, name: string, now: number): Promise<Route> | Route {
      const key = projectId + '\n' + name;
      const cached = routes.get(key, now);
      if (cached) return cached;
      return Promise.resolve(fresh('routes', key, () => deps.findRoute(projectId, name))).then((route) => {
        if (!route) throw new AppError('not_found', `No AI provider or route "${name.slice(0, 64)}" in this project`);
        routes.set(key, route, now);
        return route;
      });
    },
    secret(secretId: string, now: number): Promise<string> | string {
      const cached = secrets.get(secretId, now);
      if (cached !== undefined) return cached;
      return remember(
        fresh('secrets', secretId, () => deps.readSecret(secretId)),
        (value) => secrets.set(secretId, value, now),
      );
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
      lastKnown.secrets.delete(secretId);
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
