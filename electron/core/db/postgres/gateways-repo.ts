import type { GatewaysRepo } from '../gateways-repo';
import { toGateway, type GatewayRow } from '../gateways-rows';
import { named, type Sql } from './sql';

// Every gateway sends one every few seconds: prepared once per connection.
const heartbeat = named(
  'gateway_heartbeat',
  `INSERT INTO gateways (id, host, pid, version, store, base_url, started_at, last_seen_at, requests_per_minute, stopped_at)
   VALUES ($1::text, $2::text, $3::int, $4::text, $5::text, $6::text, $7::timestamptz, $8::timestamptz, $9::int, NULL)
   ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, version = excluded.version, store = excluded.store,
     base_url = excluded.base_url, started_at = excluded.started_at, last_seen_at = excluded.last_seen_at,
     requests_per_minute = excluded.requests_per_minute, stopped_at = NULL`,
);

/** The `gateways` table on PostgreSQL: each gateway writes only its own row. */
export function createPgGatewaysRepo(sql: Sql): GatewaysRepo {
  return {
    async heartbeat(beat) {
      await sql.query(
        heartbeat([
          beat.id,
          beat.host,
          beat.pid,
          beat.version,
          beat.store,
          beat.baseUrl,
          beat.startedAt,
          beat.lastSeenAt,
          beat.requestsPerMinute,
        ]),
      );
    },
    async markStopped(id, at) {
      await sql.query('UPDATE gateways SET stopped_at = $2, last_seen_at = $2, requests_per_minute = 0 WHERE id = $1', [id, at]);
    },
    async list() {
      const { rows } = await sql.query<GatewayRow>('SELECT * FROM gateways ORDER BY last_seen_at DESC, id');
      return rows.map(toGateway);
    },
  };
}
