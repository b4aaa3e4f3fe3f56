import type { StoredGateway } from './gateways-repo';

/** A `gateways` row as either store returns it. */
export interface GatewayRow {
  id: string;
  host: string;
  pid: number;
  version: string;
  store: string;
  base_url: string | null;
  started_at: string;
  last_seen_at: string;
  requests_per_minute: number;
  stopped_at: string | null;
}

export function toGateway(row: GatewayRow): StoredGateway {
  return {
    id: row.id,
    host: row.host,
    pid: row.pid,
    version: row.version,
    store: row.store,
    baseUrl: row.base_url,
    startedAt: row.started_at,
    lastSeenAt: row.last_seen_at,
    requestsPerMinute: row.requests_per_minute,
    stoppedAt: row.stopped_at,
  };
}
