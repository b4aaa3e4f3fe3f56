import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/database';
import { DatabaseTooNewError } from '../../electron/core/db/migrate';
import { migrations } from '../../electron/core/db/migrations';
import { createMemoryLogger } from '../../electron/core/log';
import { makeTempDir } from '../support/temp-dir';

describe('opening the database', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    temp = makeTempDir();
    file = path.join(temp.dir, 'switchboard.db');
  });
  afterEach(() => temp.cleanup());

  it('creates the latest schema with WAL, foreign keys and a default project', () => {
    const db = openDatabase(file, createMemoryLogger());
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const projects = db.prepare('SELECT name, is_default FROM projects').all();
    expect(projects).toEqual([{ name: 'Default', is_default: 1 }]);
    db.close();
    // Opening again migrates nothing and keeps the one default project.
    const again = openDatabase(file, createMemoryLogger());
    expect(again.prepare('SELECT count(*) AS n FROM projects').get()).toEqual({ n: 1 });
    again.close();
  });

  it('refuses a database from a newer Switchboard and leaves it untouched', () => {
    const future = new Database(file);
    future.exec('CREATE TABLE from_the_future (x)');
    future.pragma('user_version = 999');
    future.close();
    expect(() => openDatabase(file, createMemoryLogger())).toThrow(DatabaseTooNewError);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(999);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'from_the_future' }]);
    check.close();
  });
});
