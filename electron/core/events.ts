/**
 * Things that happened in the core that shells may react to (tray, notifications, live UI).
 * Emitters never wait for listeners, and a throwing listener cannot break the emitter.
 */
export interface CoreEvents {
  /** A token reached its spend cap; further requests are refused with 429. */
  'token.spendCapReached': { tokenId: string; tokenName: string; projectId: string };
  /** An upstream refused the injected key (401/403): the stored key is probably wrong or revoked. */
  'upstream.authRejected': { aiProviderId: string; providerName: string; status: number };
  /** A secret's value was rotated or the secret deleted: caches of its value must be dropped. */
  'secret.changed': { secretId: string };
  /** A token was revoked or its limits, labels or expiry changed: cached copies must be dropped. */
  'token.changed': { tokenId: string };
  /** An AI provider was edited or deleted: cached copies must be dropped. */
  'aiProvider.changed': { aiProviderId: string };
  /** A budget was created, changed or deleted: cached copies must be dropped. */
  'budget.changed': { budgetId: string; projectId: string };
  /**
   * A budget (or a token's own spend cap, `budgetId` null) reached 50, 80 or 100 % of its cap in
   * its current period. Emitted once per threshold per period, whichever gateway saw it first.
   */
  'budget.thresholdReached': {
    budgetId: string | null;
    budgetName: string;
    projectId: string;
    scope: 'token' | 'project' | 'aiProvider';
    scopeId: string;
    threshold: number;
    periodStart: string;
    spentMicroUsd: number;
    capMicroUsd: number;
  };
  /** A route was created, edited or deleted: cached copies must be dropped. */
  'route.changed': { routeId: string };
  /** The proxy started, paused, resumed or stopped. */
  'proxy.stateChanged': { state: 'running' | 'paused' | 'stopped' };
}

export type CoreEventName = keyof CoreEvents;
type Listener<N extends CoreEventName> = (payload: CoreEvents[N]) => void;

export function createEventBus(onListenerError: (error: unknown) => void = () => {}) {
  const listeners = new Map<CoreEventName, Set<Listener<never>>>();
  return {
    /** Returns the unsubscribe function. */
    on<N extends CoreEventName>(name: N, listener: Listener<N>): () => void {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as Listener<never>);
      listeners.set(name, set);
      return () => set.delete(listener as Listener<never>);
    },
    emit<N extends CoreEventName>(name: N, payload: CoreEvents[N]): void {
      for (const listener of listeners.get(name) ?? []) {
        try {
          (listener as Listener<N>)(payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
export type EventBus = ReturnType<typeof createEventBus>;
