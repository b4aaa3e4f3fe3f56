import type { CapturedBodiesRow, RequestBodiesRepo } from '../request-bodies-repo';
import { writeTransaction, type Db } from './database';
import type { Synchronous } from './promised';
import { capturedBodiesOf, type RequestBodiesRecord } from '../request-bodies-rows';

/** Captured bodies and the projects that keep them, on SQLite. */
export function createSqliteRequestBodies(db: Db): Synchronous<RequestBodiesRepo> {
  const capture = db.prepare<[], { project_id: string; days: number }>('SELECT project_id, days FROM body_capture');
  const setDays = db.prepare(
    `INSERT INTO body_capture (project_id, days) SELECT id, ? FROM projects WHERE id = ?
     ON CONFLICT (project_id) DO UPDATE SET days = excluded.days`,
  );
  const stop = db.prepare('DELETE FROM body_capture WHERE project_id = ?');
  // A request id is unique; a second capture of one (a retried write) keeps the first.
  const insert = db.prepare(`INSERT OR IGNORE INTO request_bodies (request_id, project_id, at, expires_at, request_body,
      request_truncated, request_bytes, response_body, response_truncated, response_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const byId = db.prepare<[string], RequestBodiesRecord>('SELECT * FROM request_bodies WHERE request_id = ?');
  const prune = db.prepare(
    'DELETE FROM request_bodies WHERE request_id IN (SELECT request_id FROM request_bodies WHERE expires_at < ? ORDER BY expires_at LIMIT ?)',
  );
  return {
    captureDays: () => new Map(capture.all().map((row) => [row.project_id, row.days])),
    setCapture(projectId, days) {
      if (days === null) stop.run(projectId);
      else setDays.run(days, projectId);
    },
    append(rows: readonly CapturedBodiesRow[]) {
      writeTransaction(db, () => {
        for (const r of rows) {
          insert.run(
            r.requestId,
            r.projectId,
            r.at,
            r.expiresAt,
            r.request?.text ?? null,
            r.request?.truncated ? 1 : 0,
            r.request?.bytes ?? 0,
            r.response?.text ?? null,
            r.response?.truncated ? 1 : 0,
            r.response?.bytes ?? 0,
          );
        }
      });
    },
    get(requestId) {
      const row = byId.get(requestId);
      if (!row) return null;
      return capturedBodiesOf(row);
    },
    pruneExpired: (now, limit) => prune.run(now, limit).changes,
  };
}
