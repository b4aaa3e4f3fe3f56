import { useCallback, useEffect, useState } from 'react';
import type { RequestStatusClass } from '../../../../shared/operations';
import type { RequestLogFilters } from '../../store/requests-slice';

/** Relative ranges of the Requests screen; an explicit `since`/`until` in the URL wins over them. */
export const requestRanges = ['1h', '24h', '7d', '30d', '90d'] as const;
export type RequestRange = (typeof requestRanges)[number];
export const requestRangeLabels: Record<RequestRange, string> = {
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
};
const rangeMs: Record<RequestRange, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
};

/** What the URL holds: the filters as the API names them, plus a relative range. */
export type RequestView = Omit<RequestLogFilters, 'status'> & { status?: RequestStatusClass; range?: RequestRange };

const keys = [
  'range',
  'since',
  'until',
  'status',
  'errorCode',
  'tokenId',
  'pipeline',
  'provider',
  'model',
  'gatewayId',
  'requestId',
] as const;

/** `#/requests?status=error&pipeline=deploy` → the view; unknown keys are ignored. */
export function viewFromHash(hash: string): RequestView {
  const query = new URLSearchParams(hash.split('?')[1] ?? '');
  const view: Record<string, string> = {};
  for (const key of keys) {
    const value = query.get(key);
    if (value) view[key] = value;
  }
  return view as RequestView;
}

/** The URL of the Requests screen showing `view`: what the Usage screen links to. */
export function requestsHref(view: RequestView): string {
  const query = new URLSearchParams();
  for (const key of keys) {
    const value = view[key];
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return `#/requests${text ? `?${text}` : ''}`;
}

/** The API's filters for a view at `now`: a relative range becomes `since`. */
export function filtersOf(view: RequestView, now: number): RequestLogFilters {
  const { range, ...filters } = view;
  if (!filters.since && range && range in rangeMs) filters.since = new Date(now - rangeMs[range]).toISOString();
  return filters;
}

/** The view in the URL, kept in step with back/forward; `setView` writes a new history entry. */
export function useRequestView(): [RequestView, (view: RequestView) => void] {
  const [view, setState] = useState(() => viewFromHash(location.hash));
  useEffect(() => {
    const onHashChange = () => setState(viewFromHash(location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  const setView = useCallback((next: RequestView) => {
    location.hash = requestsHref(next);
  }, []);
  return [view, setView];
}
