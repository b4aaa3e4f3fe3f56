import type { CustomPricesRepo } from '../custom-prices-repo';
import { toPrice, type PriceRow } from '../custom-prices-rows';
import type { Sql } from './sql';

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
