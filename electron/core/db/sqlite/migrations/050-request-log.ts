import type { Migration } from '../migrate';

/**
 * The request log reads usage rows directly: what the URL named (`route`), the proxy's own
 * overhead and the error message the client got (how many upstream calls were made is version
 * 41's `attempts`, which the routes write). `pipeline`
 * repeats the label of that name as a column so "this pipeline's requests, newest first" walks
 * one small index; rows without a pipeline stay out of it (a partial index costs them nothing).
 * Older rows get their pipeline from their labels.
 */
export const m050RequestLog: Migration = {
  version: 50,
  name: 'request-log',
  up(db) {
    db.exec(`
      ALTER TABLE usage_records ADD COLUMN route TEXT;
      ALTER TABLE usage_records ADD COLUMN overhead_ms INTEGER;
      ALTER TABLE usage_records ADD COLUMN error_message TEXT;
      ALTER TABLE usage_records ADD COLUMN pipeline TEXT;
      UPDATE usage_records SET pipeline = json_extract(labels, '$.pipeline') WHERE json_valid(labels) AND json_type(labels, '$.pipeline') = 'text';
      CREATE INDEX usage_records_by_pipeline ON usage_records (pipeline, at) WHERE pipeline IS NOT NULL;
    `);
  },
};
