import type { GatewaysRepo, StoredGateway } from '../gateways-repo';
import type { Db } from './database';
import type { Synchronous } from './promised';

interface GatewayRow {
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

function toGateway(row: GatewayRow): StoredGateway {
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

export function createGatewaysRepo(db: Db): Synchronous<GatewaysRepo> {
  const upsert = db.prepare(
    `INSERT INTO gateways (id, host, pid, version, store, base_url, started_at, last_seen_at, requests_per_minute, stopped_at)
     VALUES (@id, @host, @pid, @version, @store, @baseUrl, @startedAt, @lastSeenAt, @requestsPerMinute, NULL)
     ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, version = excluded.version, store = excluded.store,
       base_url = excluded.base_url, started_at = excluded.started_at, last_seen_at = excluded.last_seen_at,
       requests_per_minute = excluded.requests_per_minute, stopped_at = NULL`,
  );
  const stop = db.prepare('UPDATE gateways SET stopped_at = @at, last_seen_at = @at, requests_per_minute = 0 WHERE id = @id');
  const all = db.prepare<[], GatewayRow>('SELECT * FROM gateways ORDER BY last_seen_at DESC, id');
  return {
    heartbeat(beat) {
      upsert.run(beat);
    },
    markStopped(id, at) {
      stop.run({ id, at });
    },
    list() {
      return all.all().map(toGateway);
    },
  };
}
