import type { Migration } from '../migrate';

const columns = `seq, id, at, request_id, project_id, ai_provider_id, provider, auth_method, token_id, model, endpoint, streamed,
  status, outcome, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, latency_ms, ttfb_ms, labels`;

/**
 * Usage rows are written once per proxied request and read only by time range (reports and charts
 * read the rollups). The UNIQUE index on their random id and the (token, at) index served no read,
 * yet cost more than half of every write: a random key lands on a random B-tree page, more so as
 * the table grows. Ids stay 131-bit random. SQLite cannot drop a constraint, so the table is rebuilt.
 */
export const m021LeanUsageRecords: Migration = {
  version: 21,
  name: 'lean-usage-records',
  up(db) {
    db.exec(`
      CREATE TABLE usage_records_lean (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        at TEXT NOT NULL,
        request_id TEXT NOT NULL,
        project_id TEXT NOT NULL,
        ai_provider_id TEXT,
        provider TEXT NOT NULL,
        auth_method TEXT NOT NULL,
        token_id TEXT,
        model TEXT,
        endpoint TEXT NOT NULL,
        streamed INTEGER NOT NULL,
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        cost_micro_usd INTEGER,
        latency_ms INTEGER NOT NULL,
        ttfb_ms INTEGER,
        labels TEXT NOT NULL
      );
      INSERT INTO usage_records_lean (${columns}) SELECT ${columns} FROM usage_records ORDER BY seq;
      DROP TABLE usage_records;
      ALTER TABLE usage_records_lean RENAME TO usage_records;
      CREATE INDEX usage_records_by_at ON usage_records (at);
    `);
  },
};
