import path from 'node:path';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { parsePostgresUrl } from './postgres/connection-url';
import type { PostgresDb } from './postgres/database';
import { openPostgresStore, type PostgresStore } from './postgres/postgres-store';
import { openSqliteStore } from './sqlite/sqlite-store';
import type { Store } from './store';

/** Which database a Switchboard runs on: the data directory's SQLite file, or a team's PostgreSQL. */
export type StoreKind = 'sqlite' | 'postgres';

export interface OpenedStore {
  kind: StoreKind;
  store: Store;
  /** Where the store is, safe to show: the SQLite file, or the redacted database URL. */
  where: string;
  /** The SQLite handle, for tests and tools that look at the file itself; absent on PostgreSQL. */
  sqlite: ReturnType<typeof openSqliteStore>['db'] | null;
  /** The team database, where the team vault keeps its blobs; absent on SQLite. */
  postgres: PostgresDb | null;
  /** Settles once `store.close()` has finished (PostgreSQL lets statements in flight end first). */
  closed(): Promise<void>;
}

/**
 * Opens the store: PostgreSQL when a database URL is given (checked before anything is written,
 * migrated, refused when newer than this Switchboard), else `switchboard.db` in the data directory.
 */
export async function openStore(
  location: { dataDir: string; databaseUrl: string | null },
  deps: { log: Logger; clock: Clock },
): Promise<OpenedStore> {
  if (location.databaseUrl !== null) {
    const where = parsePostgresUrl(location.databaseUrl).redacted;
    const store: PostgresStore = await openPostgresStore(location.databaseUrl, deps);
    return { kind: 'postgres', store, where, sqlite: null, postgres: store.db, closed: () => store.closed };
  }
  const file = path.join(location.dataDir, 'switchboard.db');
  const store = openSqliteStore(file, deps);
  return { kind: 'sqlite', store, where: file, sqlite: store.db, postgres: null, closed: () => Promise.resolve() };
}
