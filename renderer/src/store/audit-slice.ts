import type { AuditEvent } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { errorMessage, idle, type Remote, type SliceCreator } from './slice';

/** The audit trail of the current project, newest first, a page at a time. */
export interface AuditSlice {
  auditEvents: Remote<AuditEvent[]>;
  auditCursor: string | null;
  loadAuditEvents(more?: boolean): Promise<void>;
}

export const createAuditSlice =
  (api: ApiClient): SliceCreator<AuditSlice> =>
  (set, get) => ({
    auditEvents: idle(),
    auditCursor: null,
    async loadAuditEvents(more = false) {
      const previous = get().auditEvents;
      set({ auditEvents: { ...previous, loading: true, error: null } });
      try {
        const cursor = more ? (get().auditCursor ?? undefined) : undefined;
        const page = await api.call('listAuditEvents', { projectId: get().currentProjectId ?? undefined, limit: 100, cursor });
        const items = more && previous.data ? [...previous.data, ...page.items] : page.items;
        set({ auditEvents: { data: items, loading: false, error: null }, auditCursor: page.nextCursor });
      } catch (error) {
        set({ auditEvents: { ...get().auditEvents, loading: false, error: errorMessage(error) } });
      }
    },
  });
