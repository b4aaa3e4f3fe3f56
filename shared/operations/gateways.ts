import { z } from 'zod';
import { Timestamp } from './common';
import { defineOperation } from './define';

/**
 * `live`: heartbeat within the threshold. `silent`: none for longer (crashed, frozen, cut off from
 * the store). `stopped`: it said goodbye when it shut down.
 */
export const GatewayState = z.enum(['live', 'silent', 'stopped']);
export type GatewayState = z.infer<typeof GatewayState>;

/** A running Switchboard (a `switchboard serve` on a CI agent, an admin's desktop app) as its heartbeats report it. */
export const Gateway = z.object({
  /** `gw_…`, kept in the gateway's data directory, so a restart is the same gateway. */
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  version: z.string(),
  /** The store it runs on: `sqlite` (solo) or `postgres` (a team database). */
  store: z.string(),
  /** Its local server, e.g. `http://127.0.0.1:8787` (on its own machine). */
  baseUrl: z.string().nullable(),
  startedAt: Timestamp,
  lastSeenAt: Timestamp,
  /** Proxied requests over the minute before its last heartbeat. */
  requestsPerMinute: z.number().int().min(0),
  stoppedAt: Timestamp.nullable(),
  state: GatewayState,
  /** The gateway answering this call. */
  isSelf: z.boolean(),
});
export type Gateway = z.infer<typeof Gateway>;

export const GatewayList = z.object({
  items: z.array(Gateway),
  /** Seconds without a heartbeat after which a gateway counts as silent. */
  silentAfterSeconds: z.number().int().positive(),
});
export type GatewayList = z.infer<typeof GatewayList>;

export const gatewayOperations = {
  /**
   * Every gateway that ever heartbeated into this store, most recently seen first.
   * @example GET /api/v1/gateways → { "items": [{ "id": "gw_…", "host": "ci-agent-3", "state": "live", "requestsPerMinute": 42, … }], "silentAfterSeconds": 30 }
   */
  listGateways: defineOperation({
    summary:
      'List the gateways on this store: host, version, store, started, last seen, requests/min, and whether each is live, silent or stopped.',
    input: z.strictObject({}),
    output: GatewayList,
    permission: 'gateways:ListGateways',
    http: { method: 'GET', path: '/gateways' },
  }),
};
