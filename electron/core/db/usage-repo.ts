import type { UsageRecord } from '../../../shared/operations/usage';

/** A row the database refused, set aside in quarantine so that it cannot block the rows after it. */
export interface QuarantinedUsageRow {
  requestId: string;
  reason: string;
}

/** The write side of usage: rows plus their daily rollups. */
export interface UsageRowsRepo {
  /**
   * Writes the rows and their daily rollups together. A row the database refuses (a missing
   * status, a value of the wrong type) goes to quarantine instead and is returned, so every other
   * row lands. Rejects, writing nothing, only when the database cannot write at all (busy, full
   * disk): the caller keeps the rows for a later attempt. Calls are applied in call order.
   */
  append(rows: readonly UsageRecord[]): Promise<QuarantinedUsageRow[]>;
}
