import { useCallback, useContext, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApi } from '../../api/api-context';
import { usePolling } from '../../app/use-polling';
import { EmptyState } from '../../components/empty-state';
import { RemoteStatus } from '../../components/remote-status';
import { Screen } from '../../components/screen';
import { errorMessage } from '../../store/slice';
import { AppStoreContext, useAppStore } from '../../store/app-store';
import { usageQueryOf } from '../../store/usage-slice';
import { CostByProvider, RequestsAndErrors, TokensOverTime, TopPipelines } from './usage-charts';
import { downloadUsageExport } from './usage-export';
import { UsageFilters } from './usage-filters';
import { requestsOfUsage } from './usage-links';
import { UsageTable } from './usage-table';
import { UsageTotalsCards } from './usage-totals';
import { useUsageUrl } from './usage-url';
import { groupByLabels } from './usage-filters';
import { ErrorBanner } from '../../components/error-banner';

/** Live while open: new requests show up within this many milliseconds. */
const liveRefreshMs = 3_000;

export function UsageScreen() {
  const summary = useAppStore((s) => s.usageSummary);
  const series = useAppStore((s) => s.usageSeries);
  const byProvider = useAppStore((s) => s.usageByProvider);
  const byPipeline = useAppStore((s) => s.usageByPipeline);
  const loadUsage = useAppStore((s) => s.loadUsage);
  const loadProviders = useAppStore((s) => s.loadProviders);
  const view = useAppStore(
    useShallow((s) => ({
      range: s.usageRange,
      groupBy: s.usageGroupBy,
      provider: s.usageProvider,
      gatewayId: s.usageGatewayId,
      projectId: s.currentProjectId,
    })),
  );
  const store = useContext(AppStoreContext)!;
  const api = useApi();
  const [exportError, setExportError] = useState<string | null>(null);
  const projectName = useAppStore((s) => s.projects.data?.find((p) => p.id === s.currentProjectId)?.name);
  const providerName = useAppStore((s) => s.providers.data?.find((p) => p.id === s.usageProvider)?.name ?? s.usageProvider);
  useUsageUrl(view);

  useEffect(() => {
    void loadProviders();
  }, [loadProviders]);
  // Live: poll while open; and reload at once whenever the view changes.
  const refresh = useCallback(() => void loadUsage(), [loadUsage]);
  usePolling(refresh, liveRefreshMs, { immediate: false });
  useEffect(refresh, [refresh, view]);

  const exportAs = (format: 'csv' | 'json') => {
    setExportError(null);
    downloadUsageExport(api, usageQueryOf(store.getState(), new Date()), format).catch((e: unknown) => setExportError(errorMessage(e)));
  };

  const data = summary.data;
  return (
    <Screen
      title="Usage"
      description="Requests, tokens and cost across providers, models, pipelines and gateways, from daily rollups."
      actions={
        <div className="button-group" role="group" aria-label="Export">
          <button type="button" className="secondary" onClick={() => exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" className="secondary" onClick={() => exportAs('json')}>
            Export JSON
          </button>
          <button type="button" className="secondary" onClick={() => window.print()}>
            Print report
          </button>
        </div>
      }
    >
      <UsageFilters />
      {data && (
        // What a printed page needs to stand alone: which project, which days, which view.
        <p className="print-only report-heading">
          Usage report for project {projectName ?? view.projectId}, {data.from} to {data.to} (UTC), grouped by{' '}
          {groupByLabels[data.groupBy].toLowerCase()}
          {providerName ? `, provider ${providerName}` : ''}
          {view.gatewayId ? `, gateway ${view.gatewayId}` : ''}. Generated {new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.
        </p>
      )}
      <ErrorBanner message={exportError && `Export failed: ${exportError}`} />
      <RemoteStatus remote={summary} what="usage" onRetry={refresh} />
      {data && data.totals.requests === 0 && (
        <EmptyState title="No usage in this range">
          <p>Requests through the agent endpoint show up here within seconds.</p>
        </EmptyState>
      )}
      {data && data.totals.requests > 0 && (
        <>
          <UsageTotalsCards totals={data.totals} errorsHref={requestsOfUsage(data, { errorsOnly: true }) ?? undefined} />
          <div className="chart-grid">
            {series.data && <TokensOverTime series={series.data} />}
            {series.data && <RequestsAndErrors series={series.data} />}
            {byProvider.data && <CostByProvider summary={byProvider.data} />}
            {byPipeline.data && <TopPipelines summary={byPipeline.data} />}
          </div>
          <UsageTable summary={data} />
        </>
      )}
    </Screen>
  );
}
