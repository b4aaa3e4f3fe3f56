import type { Migration } from '../migrate';

/**
 * A SQLite database is one gateway's: its file and the gateway's id live in the same data
 * directory, so (nearly) every usage row carries that one id and `(gateway_id, at)` orders the rows
 * as `(at)` does. The gateway filter of the request log walks the `at` index as fast, and the
 * index only cost every write (about a tenth of a row's insert). Team databases, which many
 * gateways share, keep theirs.
 */
export const m073UsageRecordsWithoutGatewayIndex: Migration = {
  version: 73,
  name: 'usage-records-without-gateway-index',
  up(db) {
    db.exec('DROP INDEX usage_records_by_gateway');
  },
};
