import type { CustomPrice } from '../../../shared/operations/prices';

/** A `custom_prices` row as either store returns it: dollars per million tokens. */
export interface PriceRow {
  ai_provider_id: string;
  model: string;
  input: number;
  output: number;
  cache_read: number;
  cache_write: number;
  updated_at: string;
}

export const toPrice = (row: PriceRow): CustomPrice => ({
  aiProviderId: row.ai_provider_id,
  model: row.model,
  input: row.input,
  output: row.output,
  cacheRead: row.cache_read,
  cacheWrite: row.cache_write,
  updatedAt: row.updated_at,
});
