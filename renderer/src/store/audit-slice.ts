import type { AuditEvent, OperationInput } from '../../../shared/operations';
import type { Permission } from '../../../shared/permissions';
import type { ApiClient } from '../api/client';
import { errorMessage, idle, type Remote, type SliceCreator } from './slice';

/** What the audit log is narrowed to; empty text means "any". Days are UTC dates (yyyy-mm-dd). */
export interface AuditFilters {
  actor: string;
  action: Permission | '';
  targetId: string;
  sinceDay: string;
  untilDay: string;
}

export const noAuditFilters: AuditFilters = { actor: '', action: '', targetId: '', sinceDay: '', untilDay: '' };

/** The filters as the operation's input: whole UTC days, the last one included. */
export function auditQuery(filters: AuditFilters): Omit<OperationInput<'listAuditEvents'>, 'projectId' | 'limit' | 'cursor'> {
  const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
  return {
    actor: filters.actor.trim() || undefined,
    action: filters.action || undefined,
    targetId: filters.targetId.trim() || undefined,
    since: filters.sinceDay ? `${filters.sinceDay}T00:00:00.000Z` : undefined,
    until: filters.untilDay ? nextDay(filters.untilDay) : undefined,
  };
}

/** The audit trail of the current project, newest first, a page at a time, narrowed by the filters. */
export interface AuditSlice {
  auditEvents: Remote<AuditEvent[]>;
  auditCursor: string | null;
  auditFilters: AuditFilters;
  setAuditFilters(filters: AuditFilters): Promise<void>;
  loadAuditEvents(more?: boolean): Promise<void>;
}

export const createAuditSlice =
  (api: ApiClient): SliceCreator<AuditSlice> =>
  (set, get) => ({
    auditEvents: idle(),
    auditCursor: null,
    auditFilters: noAuditFilters,
    async setAuditFilters(filters) {
      set({ auditFilters: filters });
      await get().loadAuditEvents();
    },
    async loadAuditEvents(more = false) {
      const previous = get().auditEvents;
      set({ auditEvents: { ...previous, loading: true, error: null } });
      try {
        const cursor = more ? (get().auditCursor ?? undefined) : undefined;
        const page = await api.call('listAuditEvents', {
          projectId: get().currentProjectId ?? undefined,
          limit: 100,
          cursor,
          ...auditQuery(get().auditFilters),
        });
        const items = more && previous.data ? [...previous.data, ...page.items] : page.items;
        set({ auditEvents: { data: items, loading: false, error: null }, auditCursor: page.nextCursor });
      } catch (error) {
        set({ auditEvents: { ...get().auditEvents, loading: false, error: errorMessage(error) } });
      }
    },
  });
