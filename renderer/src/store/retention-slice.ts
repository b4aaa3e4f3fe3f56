import type { UsageRetention } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { createLoader, idle, type Remote, type SliceCreator } from './slice';

/** How long raw usage rows are kept, with the database's size and oldest row, for the Settings screen. */
export interface RetentionSlice {
  retention: Remote<UsageRetention>;
  loadRetention(): Promise<void>;
  /** Resolves once saved; rejects with the API's error (shown beside the field). */
  saveRetention(rawRowsDays: number): Promise<void>;
}

export const createRetentionSlice =
  (api: ApiClient): SliceCreator<RetentionSlice> =>
  (set, get) => {
    const load = createLoader(set, get);
    return {
      retention: idle(),
      loadRetention: () => load('retention', () => api.call('getUsageRetention', {})),
      async saveRetention(rawRowsDays) {
        const saved = await api.call('updateUsageRetention', { rawRowsDays });
        set({ retention: { data: saved, loading: false, error: null } });
      },
    };
  };
