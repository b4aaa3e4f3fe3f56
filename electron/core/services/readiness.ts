import type { ProxyStatus } from '../../../shared/operations';
import type { Store } from '../db/store';

/** One thing a gateway needs before it should be sent traffic. */
export interface ReadinessCheck {
  ok: boolean;
  message: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, ReadinessCheck>;
}

/**
 * Readiness, as opposed to liveness (`/healthz`): whether this gateway can answer a proxied
 * request now. The store must answer a query within `storeTimeoutMs` (a hung database is not
 * ready), and the proxy must be running (paused or draining for shutdown is not ready).
 * Extra checks (a team database's connection, budget reservations) are composed in.
 */
export function createReadiness(deps: {
  store: Store;
  proxyStats(): ProxyStatus;
  storeTimeoutMs?: number;
  extraChecks?: () => Promise<Record<string, ReadinessCheck>> | Record<string, ReadinessCheck>;
}) {
  const storeTimeoutMs = deps.storeTimeoutMs ?? 2000;

  async function storeCheck(): Promise<ReadinessCheck> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${storeTimeoutMs} ms`)), storeTimeoutMs);
    });
    try {
      // A lookup that always reaches the database: on a team store settings may live in a local file.
      await Promise.race([deps.store.projects.get('readiness.probe'), timedOut]);
      return { ok: true, message: 'the store answers' };
    } catch (error) {
      return { ok: false, message: `the store is unreachable: ${(error as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async check(): Promise<Readiness> {
      const { state } = deps.proxyStats();
      const checks: Record<string, ReadinessCheck> = {
        store: await storeCheck(),
        proxy: { ok: state === 'running', message: `the proxy is ${state}` },
        ...(await deps.extraChecks?.()),
      };
      return { ready: Object.values(checks).every((check) => check.ok), checks };
    },
  };
}
export type ReadinessService = ReturnType<typeof createReadiness>;
