import type { AuditEvent } from '../../../../shared/operations';
import type { AuditFilter, AuditRepo } from '../audit-repo';
import type { Db } from './database';
import type { Synchronous } from './promised';
import { cursorParams, pageFrom } from '../pagination';

interface AuditRow {
  seq: number;
  id: string;
  at: string;
  actor: string;
  action: AuditEvent['action'];
  project_id: string | null;
  target_type: string;
  target_id: string;
  changed_fields: string;
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
    changedFields: JSON.parse(row.changed_fields) as string[],
  };
}

/** The append-only `audit_events` table, read newest first. */
export function createAuditRepo(db: Db): Synchronous<AuditRepo> {
  const insert = db.prepare(
    `INSERT INTO audit_events (id, at, actor, action, project_id, target_type, target_id, changed_fields)
     VALUES (@id, @at, @actor, @action, @projectId, @targetType, @targetId, @changedFields)`,
  );
  const byId = db.prepare<[string], AuditRow>('SELECT * FROM audit_events WHERE id = ?');
  // The cursor key is the row's sequence number (as text); newest first.
  const page = db.prepare<AuditFilter & { afterKey: string | null; afterId: string | null; limit: number }, AuditRow>(
    `SELECT * FROM audit_events
     WHERE (@projectId IS NULL OR project_id = @projectId)
       AND (@actor IS NULL OR actor = @actor)
       AND (@action IS NULL OR action = @action)
       AND (@targetId IS NULL OR target_id = @targetId)
       AND (@since IS NULL OR at >= @since)
       AND (@until IS NULL OR at < @until)
       AND (@afterKey IS NULL OR seq < CAST(@afterKey AS INTEGER))
     ORDER BY seq DESC LIMIT @limit`,
  );

  return {
    insert(event) {
      insert.run({ ...event, changedFields: JSON.stringify(event.changedFields) });
    },
    get(id) {
      const row = byId.get(id);
      return row ? toAuditEvent(row) : null;
    },
    list(filter, options) {
      const rows = page.all({ ...filter, ...cursorParams(options.cursor, options.limit) });
      return pageFrom(rows, options.limit, toAuditEvent, (row) => String(row.seq));
    },
  };
}
