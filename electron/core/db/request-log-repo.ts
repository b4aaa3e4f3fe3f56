import type { RequestLogEntry, RequestStatusClass } from '../../../shared/operations/requests';
import type { Page } from './pagination';

/** A request log query resolved against the clock and the caller: concrete instants and filters. */
export interface RequestLogFilter {
  /** Inclusive ISO instant. */
  since: string;
  /** Exclusive ISO instant. */
  until: string;
  /** Null: every project (an admin's view). */
  projectId: string | null;
  status: RequestStatusClass | null;
  errorCode: string | null;
  tokenId: string | null;
  pipeline: string | null;
  /** A slug (every provider of that kind) or an `aip_` id. */
  provider: string | null;
  model: string | null;
  /** Only rows this gateway (`gw_…`) served. */
  gatewayId: string | null;
  requestId: string | null;
}

/** The request log: raw usage rows, newest first, a page at a time. */
export interface RequestLogRepo {
  list(filter: RequestLogFilter, page: { limit: number; cursor?: string }): Promise<Page<RequestLogEntry>>;
}
