import type { CustomPricesRepo } from '../custom-prices-repo';
import { toPrice, type PriceRow } from '../custom-prices-rows';
import type { Db } from './database';
import type { Synchronous } from './promised';

/** The `custom_prices` table. */
export function createSqliteCustomPricesRepo(db: Db): Synchronous<CustomPricesRepo> {
  const all = db.prepare<[], PriceRow>('SELECT * FROM custom_prices ORDER BY ai_provider_id, model');
  const ofProvider = db.prepare<[string], PriceRow>('SELECT * FROM custom_prices WHERE ai_provider_id = ? ORDER BY model');
  const put = db.prepare(
    `INSERT INTO custom_prices (ai_provider_id, model, input, output, cache_read, cache_write, updated_at)
     VALUES (@aiProviderId, @model, @input, @output, @cacheRead, @cacheWrite, @updatedAt)
     ON CONFLICT (ai_provider_id, model) DO UPDATE SET input = excluded.input, output = excluded.output,
       cache_read = excluded.cache_read, cache_write = excluded.cache_write, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM custom_prices WHERE ai_provider_id = ? AND model = ?');
  return {
    all: () => all.all().map(toPrice),
    ofProvider: (aiProviderId) => ofProvider.all(aiProviderId).map(toPrice),
    put(price) {
      put.run(price);
    },
    delete: (aiProviderId, model) => remove.run(aiProviderId, model).changes > 0,
  };
}
