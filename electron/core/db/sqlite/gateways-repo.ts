import type { GatewaysRepo } from '../gateways-repo';
import { toGateway, type GatewayRow } from '../gateways-rows';
import type { Db } from './database';
import type { Synchronous } from './promised';

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
