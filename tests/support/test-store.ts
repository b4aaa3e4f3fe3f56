import { createTestDatabase } from './postgres-database';

/**
 * The store the integration tests run on. The `postgres-store` vitest project sets
 * SWITCHBOARD_TEST_STORE=postgres and re-runs the store-touching files on the run's PostgreSQL
 * cluster; everywhere else they run on the data directory's SQLite file.
 */
export const testStoreKind: 'sqlite' | 'postgres' = process.env.SWITCHBOARD_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

export interface TestStoreLocation {
  /** Null on SQLite: the core opens `switchboard.db` in its data directory. */
  databaseUrl: string | null;
  /** Removes the database (PostgreSQL); the caller closed the core first. */
  drop(): Promise<void>;
}

/** Where one test core keeps its records: a fresh database of its own on PostgreSQL, as a fresh data directory is on SQLite. */
export async function testStoreLocation(): Promise<TestStoreLocation> {
  if (testStoreKind === 'sqlite') return { databaseUrl: null, drop: () => Promise.resolve() };
  const database = await createTestDatabase();
  return { databaseUrl: database.url, drop: () => database.drop() };
}
