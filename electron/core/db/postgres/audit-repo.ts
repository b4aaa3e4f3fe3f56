import type { AuditEvent } from '../../../../shared/operations';
import type { AuditRepo } from '../audit-repo';
import { pageFrom } from '../pagination';
import { seqCursorParams, type Sql } from './sql';

interface AuditRow {
  seq: number;
  id: string;
  at: string;
  actor: string;
  action: AuditEvent['action'];
  project_id: string | null;
  target_type: string;
  target_id: string;
  changed_fields: string[];
}

function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    projectId: row.project_id,
    targetType: row.target_type,
    targetId: row.target_id,
    changedFields: row.changed_fields,
  };
}

/** The append-only `audit_events` table on PostgreSQL, read newest first. */
export function createPgAuditRepo(sql: Sql): AuditRepo {
  return {
    async insert(e) {
      await sql.query(
        `INSERT INTO audit_events (id, at, actor, action, project_id, target_type, target_id, changed_fields)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
        [e.id, e.at, e.actor, e.action, e.projectId, e.targetType, e.targetId, JSON.stringify(e.changedFields)],
      );
    },
    async get(id) {
      const { rows } = await sql.query<AuditRow>('SELECT * FROM audit_events WHERE id = $1', [id]);
      return rows[0] ? toAuditEvent(rows[0]) : null;
    },
    async list(f, options) {
      // The cursor key is the row's sequence number (as text); newest first.
      const { afterKey, limit } = seqCursorParams(options.cursor, options.limit);
      const { rows } = await sql.query<AuditRow>(
        `SELECT * FROM audit_events
         WHERE ($1::text IS NULL OR project_id = $1) AND ($2::text IS NULL OR actor = $2) AND ($3::text IS NULL OR action = $3)
           AND ($4::text IS NULL OR target_id = $4) AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
           AND ($7::bigint IS NULL OR seq < $7)
         ORDER BY seq DESC LIMIT $8`,
        [f.projectId, f.actor, f.action, f.targetId, f.since, f.until, afterKey, limit],
      );
      return pageFrom(rows, options.limit, toAuditEvent, (row) => String(row.seq));
    },
  };
}
