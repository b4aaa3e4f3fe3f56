import type { CustomPrice } from '../../../../shared/operations/prices';
import type { CustomPricesRepo } from '../custom-prices-repo';
import type { Sql } from './sql';

interface PriceRow {
  ai_provider_id: string;
  model: string;
  input: number;
  output: number;
  cache_read: number;
  cache_write: number;
  updated_at: string;
}

const toPrice = (row: PriceRow): CustomPrice => ({
  aiProviderId: row.ai_provider_id,
  model: row.model,
  input: Number(row.input),
  output: Number(row.output),
  cacheRead: Number(row.cache_read),
  cacheWrite: Number(row.cache_write),
  updatedAt: row.updated_at,
});

/** The `custom_prices` table on PostgreSQL. */
export function createPgCustomPricesRepo(sql: Sql): CustomPricesRepo {
  return {
    async all() {
      const { rows } = await sql.query<PriceRow>('SELECT * FROM custom_prices ORDER BY ai_provider_id, model');
      return rows.map(toPrice);
    },
    async ofProvider(aiProviderId) {
      const { rows } = await sql.query<PriceRow>('SELECT * FROM custom_prices WHERE ai_provider_id = $1 ORDER BY model', [aiProviderId]);
      return rows.map(toPrice);
    },
    async put(p) {
      await sql.query(
        `INSERT INTO custom_prices (ai_provider_id, model, input, output, cache_read, cache_write, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (ai_provider_id, model) DO UPDATE SET input = excluded.input, output = excluded.output,
           cache_read = excluded.cache_read, cache_write = excluded.cache_write, updated_at = excluded.updated_at`,
        [p.aiProviderId, p.model, p.input, p.output, p.cacheRead, p.cacheWrite, p.updatedAt],
      );
    },
    async delete(aiProviderId, model) {
      const { rowCount } = await sql.query('DELETE FROM custom_prices WHERE ai_provider_id = $1 AND model = $2', [aiProviderId, model]);
      return (rowCount ?? 0) > 0;
    },
  };
}
