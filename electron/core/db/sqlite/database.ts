import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import type { Logger } from '../../log';
import { assertNotTooNew, migrate } from './migrate';
import { migrations } from './migrations';

export type Db = Database.Database;

/** Slower statements than this are logged: chart reads belong on rollups, not raw rows. */
const slowQueryMs = 40;

/**
 * Opens (creating if needed) the database file, applies pending migrations in one transaction
 * and refuses a database written by a newer Switchboard.
 */
export function openDatabase(file: string, log: Logger): Db {
  createPrivately(file);
  const db = new Database(file, { timeout: 5000 });
  try {
    // Before any pragma that writes (journal_mode changes the file header): a newer file stays untouched.
    assertNotTooNew(db, migrations);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations, log);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * The database holds token hashes and usage: readable by its owner only, even in a pre-existing
 * 0755 directory. SQLite gives the -wal and -shm files the database file's mode; files left
 * world-readable by an older Switchboard are tightened too.
 */
function createPrivately(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
}

/** Runs `work` in a `BEGIN IMMEDIATE` transaction: writers queue up instead of failing mid-way. */
export function writeTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}

/** Times a read and logs it when slow. */
export function timed<T>(log: Logger, name: string, read: () => T): T {
  const started = performance.now();
  const result = read();
  const ms = performance.now() - started;
  if (ms > slowQueryMs) log.warn('slow query', { query: name, ms: Math.round(ms) });
  return result;
}
