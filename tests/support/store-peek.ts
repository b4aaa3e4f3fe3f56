import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Store } from '../../electron/core/db/store';
import { switchboardTypes } from '../../electron/core/db/postgres/value-parsers';

/**
 * Another process on a test core's store, as the CLI beside a running gateway is: its own
 * connection to the SQLite file or to the PostgreSQL database. Statements use `?` placeholders
 * (turned into `$1…` for PostgreSQL); rows come back as the store's own reads return them.
 */
export interface StorePeek {
  kind: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** Writes as another process, for tables no cache keeps (usage rollups). */
  run(sql: string, ...params: unknown[]): Promise<void>;
  /**
   * Writes as another process and resolves once the core can know of it: at once on SQLite
   * (the core looks at the file's version when it needs to), when the core heard the change
   * notice on PostgreSQL.
   */
  write(sql: string, ...params: unknown[]): Promise<void>;
  /** Everything stored, as text to search: the file and its WAL, or every table's rows. */
  dump(): Promise<string>;
  close(): Promise<void>;
}

export async function peekStore(t: {
  dataDir: string;
  databaseUrl: string | null;
  core: { store: Pick<Store, 'changes'> };
}): Promise<StorePeek> {
  if (t.databaseUrl === null) {
    const file = path.join(t.dataDir, 'switchboard.db');
    const db = new Database(file);
    return {
      kind: 'sqlite',
      all: async (sql, ...params) => db.prepare(sql).all(...params) as never[],
      get: async (sql, ...params) => db.prepare(sql).get(...params) as never,
      run: async (sql, ...params) => void db.prepare(sql).run(...params),
      write: async (sql, ...params) => void db.prepare(sql).run(...params),
      dump: async () =>
        readFileSync(file).toString('latin1') + (existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).toString('latin1') : ''),
      close: async () => void db.close(),
    };
  }
  const client = new pg.Client({ connectionString: t.databaseUrl, types: switchboardTypes });
  await client.connect();
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const all = async <T>(sql: string, ...params: unknown[]) => (await client.query(numbered(sql), params)).rows as T[];
  return {
    kind: 'postgres',
    all,
    get: async (sql, ...params) => (await all(sql, ...params))[0] as never,
    run: async (sql, ...params) => void (await client.query(numbered(sql), params)),
    async write(sql, ...params) {
      const heard = new Promise<void>((resolve) => {
        const off = t.core.store.changes.onExternalChange(() => {
          off();
          resolve();
        });
      });
      await client.query(numbered(sql), params);
      await heard;
    },
    async dump() {
      const tables = await all<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
      const parts: string[] = [];
      for (const { name } of tables)
        parts.push(...(await all<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`)).map((r) => r.row));
      return parts.join('\n');
    },
    close: () => client.end(),
  };
}
