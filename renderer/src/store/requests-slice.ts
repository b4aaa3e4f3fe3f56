import type { OperationInput, RequestLogEntry } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { errorMessage, idle, type Remote, type SliceCreator } from './slice';

export type RequestLogFilters = Omit<OperationInput<'listRequests'>, 'limit' | 'cursor' | 'projectId'>;

/** The request log of the current project, newest first: the first page (live) and older pages on demand. */
export interface RequestsSlice {
  requests: Remote<RequestLogEntry[]>;
  requestsCursor: string | null;
  /** Reloads the first page for `filters`; `more` appends the next older page instead. */
  loadRequests(filters: RequestLogFilters, more?: boolean): Promise<void>;
}

const pageSize = 100;

export const createRequestsSlice =
  (api: ApiClient): SliceCreator<RequestsSlice> =>
  (set, get) => {
    let ticket = 0;
    return {
      requests: idle(),
      requestsCursor: null,
      async loadRequests(filters, more = false) {
        const mine = ++ticket;
        const previous = get().requests;
        set({ requests: { ...previous, loading: true, error: null } });
        try {
          const cursor = more ? (get().requestsCursor ?? undefined) : undefined;
          const page = await api.call('listRequests', {
            ...filters,
            projectId: get().currentProjectId ?? undefined,
            limit: pageSize,
            cursor,
          });
          // A live reload that lands after a newer one (or after the filters changed) is dropped.
          if (mine !== ticket) return;
          const items = more && previous.data ? [...previous.data, ...page.items] : page.items;
          set({ requests: { data: items, loading: false, error: null }, requestsCursor: page.nextCursor });
        } catch (error) {
          if (mine === ticket) set({ requests: { ...get().requests, loading: false, error: errorMessage(error) } });
        }
      },
    };
  };
