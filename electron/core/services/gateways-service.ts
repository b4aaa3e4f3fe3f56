import { hostname } from 'node:os';
import type { Gateway, GatewayList } from '../../../shared/operations';
import { isoNow, type Clock } from '../clock';
import type { StoredGateway } from '../db/gateways-repo';
import type { Store } from '../db/store';
import type { Logger } from '../log';
import type { RuntimeInfo } from '../runtime-info';

export interface GatewayHeartbeatOptions {
  /** How often a gateway writes its heartbeat (10 s unless set). */
  heartbeatMs?: number;
  /** How long without one before a gateway shows as silent (30 s unless set; at least two heartbeats). */
  silentAfterMs?: number;
}

/**
 * This gateway's heartbeats into the store, and the list of every gateway on it. A heartbeat that
 * cannot be written (the store is down) is logged once and tried again at the next beat: the
 * gateway's own work never waits on it.
 */
export function createGatewaysService(deps: {
  store: Store;
  clock: Clock;
  log: Logger;
  runtime: RuntimeInfo;
  /** The store this gateway runs on, as shown: `sqlite` or `postgres`. */
  storeKind: string;
  requestsPerMinute(): number;
  options?: GatewayHeartbeatOptions;
}) {
  const { store, clock, log, runtime } = deps;
  const heartbeatMs = deps.options?.heartbeatMs ?? 10_000;
  const silentAfterMs = Math.max(deps.options?.silentAfterMs ?? 30_000, 2 * heartbeatMs);
  let self: { id: string; baseUrl: string | null } | null = null;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;

  async function beat(): Promise<void> {
    if (!self) return;
    try {
      await store.gateways.heartbeat({
        id: self.id,
        host: hostname(),
        pid: process.pid,
        version: runtime.version,
        store: deps.storeKind,
        baseUrl: self.baseUrl,
        startedAt: runtime.startedAt,
        lastSeenAt: isoNow(clock),
        requestsPerMinute: Math.max(0, Math.round(deps.requestsPerMinute())),
      });
      if (failing) log.info('gateway heartbeat written again', { gatewayId: self.id });
      failing = false;
    } catch (error) {
      if (!failing) log.warn('gateway heartbeat could not be written', { gatewayId: self.id, error: (error as Error).message });
      failing = true;
    }
  }

  function stateOf(gateway: StoredGateway, now: number): Gateway['state'] {
    if (gateway.stoppedAt !== null) return 'stopped';
    return now - Date.parse(gateway.lastSeenAt) > silentAfterMs ? 'silent' : 'live';
  }

  return {
    /** Starts heartbeating as `id` (the first one is written before this resolves). */
    async start(identity: { id: string; baseUrl: string | null }): Promise<void> {
      self = identity;
      await beat();
      clearInterval(timer);
      timer = setInterval(() => void beat(), heartbeatMs);
      timer.unref();
    },
    /** Stops heartbeating and records a clean stop; a gateway killed instead goes silent. */
    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      const id = self?.id;
      self = null;
      if (!id) return;
      try {
        await store.gateways.markStopped(id, isoNow(clock));
      } catch (error) {
        log.warn('gateway stop could not be recorded', { gatewayId: id, error: (error as Error).message });
      }
    },
    /** This gateway's id once it heartbeats, else null (a CLI command is no gateway). */
    selfId: (): string | null => self?.id ?? null,
    async list(): Promise<GatewayList> {
      const now = clock.now().getTime();
      const items = (await store.gateways.list()).map((gateway) => ({
        ...gateway,
        state: stateOf(gateway, now),
        isSelf: gateway.id === self?.id,
      }));
      return { items, silentAfterSeconds: Math.ceil(silentAfterMs / 1000) };
    },
  };
}
export type GatewaysService = ReturnType<typeof createGatewaysService>;
