import type { RequestBodiesRepo } from '../request-bodies-repo';
import type { Sql } from './sql';
import { capturedBodiesOf, type RequestBodiesRecord } from '../request-bodies-rows';

/** Captured bodies and the projects that keep them, on PostgreSQL. */
export function createPgRequestBodies(sql: Sql): RequestBodiesRepo {
  return {
    async captureDays() {
      const { rows } = await sql.query<{ project_id: string; days: number }>('SELECT project_id, days FROM body_capture');
      return new Map(rows.map((row) => [row.project_id, row.days]));
    },
    async setCapture(projectId, days) {
      if (days === null) await sql.query('DELETE FROM body_capture WHERE project_id = $1', [projectId]);
      else
        await sql.query(
          `INSERT INTO body_capture (project_id, days) SELECT id, $1 FROM projects WHERE id = $2
           ON CONFLICT (project_id) DO UPDATE SET days = excluded.days`,
          [days, projectId],
        );
    },
    async append(rows) {
      if (rows.length === 0) return;
      // One statement for the batch: unnest keeps it a single round trip.
      await sql.query(
        `INSERT INTO request_bodies (request_id, project_id, at, expires_at, request_body, request_truncated, request_bytes,
           response_body, response_truncated, response_bytes)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::boolean[], $7::int[],
           $8::text[], $9::boolean[], $10::int[])
         ON CONFLICT (request_id) DO NOTHING`,
        [
          rows.map((r) => r.requestId),
          rows.map((r) => r.projectId),
          rows.map((r) => r.at),
          rows.map((r) => r.expiresAt),
          rows.map((r) => r.request?.text ?? null),
          rows.map((r) => r.request?.truncated ?? false),
          rows.map((r) => r.request?.bytes ?? 0),
          rows.map((r) => r.response?.text ?? null),
          rows.map((r) => r.response?.truncated ?? false),
          rows.map((r) => r.response?.bytes ?? 0),
        ],
      );
    },
    async get(requestId) {
      const { rows } = await sql.query<RequestBodiesRecord>('SELECT * FROM request_bodies WHERE request_id = $1', [requestId]);
      const row = rows[0];
      if (!row) return null;
      return capturedBodiesOf(row);
    },
    async pruneExpired(now, limit) {
      const result = await sql.query(
        `DELETE FROM request_bodies WHERE request_id IN
           (SELECT request_id FROM request_bodies WHERE expires_at < $1::timestamptz ORDER BY expires_at LIMIT $2)`,
        [now, limit],
      );
      return result.rowCount ?? 0;
    },
  };
}
