import pg from 'pg';
import type { CustomTypesConfig } from 'pg';

/** PostgreSQL type OIDs whose default JavaScript form differs from the wire format of shared/. */
const oid = { int8: 20, numeric: 1700, date: 1082, timestamptz: 1184 } as const;

function safeNumber(text: string): number {
  const value = Number(text);
  if (Number.isInteger(value) && !Number.isSafeInteger(value))
    throw new RangeError(`A database number (${text}) is beyond JavaScript's exact range.`);
  return value;
}

const parsers: Record<number, (text: string) => unknown> = {
  // Counters and micro-dollars are BIGINT; they stay far inside 2^53 (9 billion dollars).
  [oid.int8]: safeNumber,
  // SUM(bigint) is numeric.
  [oid.numeric]: safeNumber,
  // Days are the rollups' keys, 'YYYY-MM-DD', never a local-midnight Date.
  [oid.date]: (text) => text,
  // Timestamps leave as ISO strings, the API's format: '2026-11-30T04:39:45.123Z'.
  [oid.timestamptz]: (text) => (pg.types.getTypeParser(oid.timestamptz)(text) as Date).toISOString(),
};

/**
 * Per-pool value parsing (node-postgres's global `types` would change it for every pool in the
 * process): rows read from PostgreSQL look like rows read from SQLite.
 */
export const switchboardTypes: CustomTypesConfig = {
  getTypeParser: ((id: number, format?: 'text' | 'binary') =>
    parsers[id] ?? pg.types.getTypeParser(id, format ?? 'text')) as CustomTypesConfig['getTypeParser'],
};
