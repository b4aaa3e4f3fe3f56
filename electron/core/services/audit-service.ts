import type { AuditEvent } from '../../../shared/operations';
import type { AuditAction } from '../../../shared/operations/audit-events';
import { isoNow, type Clock } from '../clock';
import type { Store, StoreTx } from '../db/store';
import { newId } from '../ids';
import type { Actor } from '../operations/actor';
import { listScope, visibleOr404 } from './actor-scope';

export interface AuditTarget {
  type: 'project' | 'aiProvider' | 'secret' | 'token' | 'budget' | 'priceTable' | 'route' | 'setting' | 'vault';
  id: string;
  projectId: string | null;
}

export interface ListAuditInput {
  limit: number;
  cursor?: string;
  projectId?: string;
  actor?: string;
  action?: AuditAction;
  targetId?: string;
  since?: string;
  until?: string;
}

/** The audit trail: who did what to which record, with changed field names only (never values). */
export function createAuditService(deps: { store: Store; clock: Clock }) {
  const repo = deps.store.audit;
  return {
    /** Written through the change's transaction `tx`, so the event and the change land together. */
    record(
      tx: Pick<StoreTx, 'audit'>,
      actor: Actor | 'switchboard',
      action: AuditAction,
      target: AuditTarget,
      changedFields: readonly string[] = [],
    ): Promise<void> {
      return tx.audit.insert({
        id: newId('auditEvent'),
        at: isoNow(deps.clock),
        // `switchboard`: something the gateway did by itself, such as a budget reaching a threshold.
        actor: actor === 'switchboard' ? actor : actor.id,
        action,
        projectId: target.projectId,
        targetType: target.type,
        targetId: target.id,
        changedFields: [...changedFields].sort(),
      });
    },
    list(actor: Actor, input: ListAuditInput) {
      const filter = {
        projectId: listScope(actor, input.projectId),
        actor: input.actor ?? null,
        action: input.action ?? null,
        targetId: input.targetId ?? null,
        since: input.since ? new Date(input.since).toISOString() : null,
        until: input.until ? new Date(input.until).toISOString() : null,
      };
      return repo.list(filter, { cursor: input.cursor, limit: input.limit });
    },
    async get(actor: Actor, id: string): Promise<AuditEvent> {
      return visibleOr404(actor, await repo.get(id), `Audit event ${id.slice(0, 64)}`);
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
