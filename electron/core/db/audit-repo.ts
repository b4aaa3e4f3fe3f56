import type { AuditEvent } from '../../../shared/operations';
import type { Page } from './pagination';

/** Null fields do not filter. `since` is inclusive, `until` exclusive. */
export interface AuditFilter {
  projectId: string | null;
  actor: string | null;
  action: string | null;
  targetId: string | null;
  since: string | null;
  until: string | null;
}

/** The append-only audit trail, read newest first. */
export interface AuditRepo {
  insert(event: AuditEvent): Promise<void>;
  get(id: string): Promise<AuditEvent | null>;
  list(filter: AuditFilter, options: { cursor?: string; limit: number }): Promise<Page<AuditEvent>>;
}
