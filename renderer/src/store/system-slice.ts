import type { StateCreator } from 'zustand';
import type { SystemStatus } from '../../../shared/operations';
import type { ApiClient } from '../api/client';

/** Runtime status of the core: fetched, never persisted. */
export interface SystemSlice {
  status: SystemStatus | null;
  statusError: string | null;
  loadStatus(): Promise<void>;
}

export const createSystemSlice =
  (api: ApiClient): StateCreator<SystemSlice, [], [], SystemSlice> =>
  (set) => ({
    status: null,
    statusError: null,
    async loadStatus() {
      try {
        set({ status: await api.call('getSystemStatus', {}), statusError: null });
      } catch (error) {
        set({ statusError: (error as Error).message });
      }
    },
  });
