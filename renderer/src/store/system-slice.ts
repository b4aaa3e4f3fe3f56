import type { SystemStatus } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { errorMessage, type SliceCreator } from './slice';

/** Runtime status of the core: fetched and refreshed, never persisted. */
export interface SystemSlice {
  status: SystemStatus | null;
  statusError: string | null;
  loadStatus(): Promise<void>;
}

export const createSystemSlice =
  (api: ApiClient): SliceCreator<SystemSlice> =>
  (set) => ({
    status: null,
    statusError: null,
    async loadStatus() {
      try {
        set({ status: await api.call('getSystemStatus', {}), statusError: null });
      } catch (error) {
        set({ statusError: errorMessage(error) });
      }
    },
  });
