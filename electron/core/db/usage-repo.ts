import type { UsageExportFormat, UsageGroupBy, UsageRecord, UsageSummary, UsageTimeSeries } from '../../../shared/operations/usage';
import type { StreamedText } from '../operations/streamed-text';

/** A row the database refused, set aside in quarantine so that it cannot block the rows after it. */
export interface QuarantinedUsageRow {
  requestId: string;
  reason: string;
}

/** The write side of usage: rows plus their daily and hourly rollups. */
export interface UsageRowsRepo {
  /**
   * Writes the rows and their daily and hourly rollups together. A row the database refuses (a missing
   * status, a value of the wrong type) goes to quarantine instead and is returned, so every other
   * row lands. Rejects, writing nothing, only when the database cannot write at all (busy, full
   * disk): the caller keeps the rows for a later attempt. Calls are applied in call order.
   */
  append(rows: readonly UsageRecord[]): Promise<QuarantinedUsageRow[]>;
}

/** A usage query resolved against the clock and the caller: concrete UTC days and filters. */
export interface UsageView {
  from: string;
  to: string;
  groupBy: UsageGroupBy;
  /** Null: every project (an admin's view). */
  projectId: string | null;
  /** A slug (every provider of that kind) or an `aip_` id. */
  provider: string | null;
  tokenId: string | null;
  /** Only what this gateway (`gw_…`) served. */
  gatewayId: string | null;
}

/** The read side of usage: reports over the daily and hourly rollups, never over raw rows. */
export interface UsageReportsRepo {
  summary(view: UsageView): Promise<UsageSummary>;
  /** Points per day (or per hour) for the top `limit` groups; the rest are folded into `__other__`. */
  timeSeries(view: UsageView, limit: number, grain: 'day' | 'hour'): Promise<UsageTimeSeries>;
  /** The view as day × group rows, CSV or JSON, produced piece by piece. */
  export(view: UsageView, format: UsageExportFormat): StreamedText;
  /**
   * Micro-dollars a token has spent so far. The proxy's limits read it once per token and then
   * keep the tally themselves, so it is off the hot path.
   */
  spentMicroUsd(tokenId: string): Promise<number>;
}
