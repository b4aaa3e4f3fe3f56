import type { UsageGroupBy, UsageSummary } from '../../../../shared/operations';
import { requestsHref, type RequestView } from '../requests/request-filters-url';

/** The request log's filter for one group of a usage view; project and auth method have none. */
const filterOf: Partial<Record<UsageGroupBy, (key: string) => Partial<RequestView>>> = {
  model: (model) => ({ model }),
  provider: (provider) => ({ provider }),
  pipeline: (pipeline) => ({ pipeline }),
  token: (tokenId) => ({ tokenId }),
  gateway: (gatewayId) => ({ gatewayId }),
};

/** The usage view's days as the request log's instants: from the first day's start to the end of the last. */
function rangeOf(summary: Pick<UsageSummary, 'from' | 'to'>): Pick<RequestView, 'since' | 'until'> {
  const until = new Date(`${summary.to}T00:00:00.000Z`);
  until.setUTCDate(until.getUTCDate() + 1);
  return { since: `${summary.from}T00:00:00.000Z`, until: until.toISOString() };
}

/** The Requests screen with the view's range, optionally one group and only its errors; null when a group cannot be filtered. */
export function requestsOfUsage(summary: UsageSummary, options: { key?: string; errorsOnly?: boolean } = {}): string | null {
  const view: RequestView = { ...rangeOf(summary), ...(options.errorsOnly ? { status: 'error' as const } : {}) };
  if (options.key === undefined) return requestsHref(view);
  const filter = filterOf[summary.groupBy];
  if (!filter || options.key === '') return null;
  return requestsHref({ ...view, ...filter(options.key) });
}
