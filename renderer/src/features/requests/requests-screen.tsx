import { useCallback, useEffect, useMemo, useState } from 'react';
import { usePolling } from '../../app/use-polling';
import { EmptyState } from '../../components/empty-state';
import { RemoteStatus } from '../../components/remote-status';
import { Screen } from '../../components/screen';
import { useAppStore } from '../../store/app-store';
import { RequestDetail } from './request-detail';
import { filtersOf, useRequestView, type RequestView } from './request-filters-url';
import { RequestFilters } from './request-filters';
import { RequestTable } from './request-table';

/** Live tail: the first page is reloaded this often while the screen is open. */
const liveRefreshMs = 3_000;

/** Every proxied request, newest first, filtered by what the URL says; one opens in a detail panel. */
export function RequestsScreen() {
  const loadProviders = useAppStore((s) => s.loadProviders);
  const loadTokens = useAppStore((s) => s.loadTokens);
  const [view, setView] = useRequestView();
  const [live, setLive] = useState(true);

  useEffect(() => {
    void loadProviders();
    void loadTokens();
  }, [loadProviders, loadTokens]);

  return (
    <Screen
      title="Requests"
      description="Every request through the agent endpoint, newest first: status, error, token and labels, provider, tokens, cost and timings."
      actions={
        <label className="choice-inline">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live
        </label>
      }
    >
      {/* A new view (filters, a searched request id) starts afresh: first page, its request opened. */}
      <RequestLog key={JSON.stringify(view)} view={view} setView={setView} live={live} />
    </Screen>
  );
}

function RequestLog({ view, setView, live }: { view: RequestView; setView(view: RequestView): void; live: boolean }) {
  const requests = useAppStore((s) => s.requests);
  const cursor = useAppStore((s) => s.requestsCursor);
  const load = useAppStore((s) => s.loadRequests);
  const tokens = useAppStore((s) => s.tokens.data);
  const [olderLoaded, setOlderLoaded] = useState(false);
  const [selected, setSelected] = useState<string | null>(view.requestId ?? null);

  const reload = useCallback(() => void load(filtersOf(view, Date.now())), [load, view]);
  useEffect(reload, [reload]);
  // Live tail only while the newest page is what is shown: reloading would drop older pages.
  const tail = useCallback(() => {
    if (live && !olderLoaded) reload();
  }, [live, olderLoaded, reload]);
  usePolling(tail, liveRefreshMs, { immediate: false });

  const tokenName = useMemo(() => {
    const names = new Map((tokens ?? []).map((t) => [t.id, t.name]));
    return (id: string | null) => (id ? (names.get(id) ?? id) : '—');
  }, [tokens]);
  const entries = requests.data ?? [];
  const detail = selected ? entries.find((entry) => entry.requestId === selected) : undefined;

  return (
    <>
      <RequestFilters view={view} onChange={setView} />
      <RemoteStatus remote={requests} what="requests" onRetry={reload} />
      {requests.data?.length === 0 && (
        <EmptyState title="No requests match">
          <p>Requests through the agent endpoint show up here within seconds. Widen the time range or clear a filter.</p>
        </EmptyState>
      )}
      <div className={detail ? 'requests-layout with-detail' : 'requests-layout'}>
        {entries.length > 0 && (
          <div>
            <RequestTable entries={entries} tokenName={tokenName} selected={selected} onSelect={setSelected} />
            {cursor && (
              <button
                type="button"
                className="secondary"
                disabled={requests.loading}
                onClick={() => {
                  setOlderLoaded(true);
                  void load(filtersOf(view, Date.now()), true);
                }}
              >
                Load older requests
              </button>
            )}
          </div>
        )}
        {detail && <RequestDetail entry={detail} tokenName={tokenName(detail.tokenId)} onClose={() => setSelected(null)} />}
      </div>
    </>
  );
}
