import type { UsageGroupBy, UsageSummary, UsageTimeSeries } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { createLoader, idle, type Remote, type SliceCreator } from './slice';
import { resolveRange, type UsageRangePreference } from './usage-range';

/** What the Usage screen shows: the view (persisted preferences) and its data (runtime). */
export interface UsageSlice {
  usageRange: UsageRangePreference;
  usageGroupBy: UsageGroupBy;
  /** A provider slug or `aip_` id; null = every provider. */
  usageProvider: string | null;
  /** A gateway's `gw_` id; null = every gateway. In the address, not remembered. */
  usageGatewayId: string | null;
  usageSummary: Remote<UsageSummary>;
  usageSeries: Remote<UsageTimeSeries>;
  usageByProvider: Remote<UsageSummary>;
  usageByPipeline: Remote<UsageSummary>;
  setUsageRange(range: Partial<UsageRangePreference>): void;
  setUsageGroupBy(groupBy: UsageGroupBy): void;
  setUsageProvider(provider: string | null): void;
  setUsageGatewayId(gatewayId: string | null): void;
  loadUsage(): Promise<void>;
}

/** The view's query, shared by the screen's reads and its export. Grouping by project looks across projects. */
export function usageQueryOf(
  state: Pick<UsageSlice, 'usageRange' | 'usageGroupBy' | 'usageProvider'> &
    Partial<Pick<UsageSlice, 'usageGatewayId'>> & { currentProjectId: string | null },
  now: Date,
) {
  const { from, to } = resolveRange(state.usageRange, now);
  return {
    from,
    to,
    groupBy: state.usageGroupBy,
    ...(state.usageGroupBy !== 'project' && state.currentProjectId ? { projectId: state.currentProjectId } : {}),
    ...(state.usageProvider ? { provider: state.usageProvider } : {}),
    ...(state.usageGatewayId ? { gatewayId: state.usageGatewayId } : {}),
  };
}

export const createUsageSlice =
  (api: ApiClient, now: () => Date): SliceCreator<UsageSlice> =>
  (set, get) => {
    const load = createLoader(set, get);
    return {
      usageRange: { preset: '30d', from: '', to: '' },
      usageGroupBy: 'model',
      usageProvider: null,
      usageGatewayId: null,
      usageSummary: idle(),
      usageSeries: idle(),
      usageByProvider: idle(),
      usageByPipeline: idle(),
      setUsageRange(range) {
        set({ usageRange: { ...get().usageRange, ...range } });
      },
      setUsageGroupBy(groupBy) {
        set({ usageGroupBy: groupBy });
      },
      setUsageProvider(provider) {
        set({ usageProvider: provider });
      },
      setUsageGatewayId(gatewayId) {
        set({ usageGatewayId: gatewayId });
      },
      async loadUsage() {
        const query = usageQueryOf(get(), now());
        await Promise.all([
          load('usageSummary', () => api.call('getUsageSummary', query)),
          load('usageSeries', () => api.call('getUsageTimeSeries', { ...query, limit: 8 })),
          load('usageByProvider', () => api.call('getUsageSummary', { ...query, groupBy: 'provider' })),
          load('usageByPipeline', () => api.call('getUsageSummary', { ...query, groupBy: 'pipeline' })),
        ]);
      },
    };
  };
