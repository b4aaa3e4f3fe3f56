/**
 * Child process for the kill -9 test: opens the database, runs every pending migration plus a
 * deliberately slow extra one, says "migrating" from inside the transaction, then waits to be killed.
 */
import Database from 'better-sqlite3';
import { migrate, type Migration } from '../../electron/core/db/sqlite/migrate';
import { migrations } from '../../electron/core/db/sqlite/migrations';
import { createMemoryLogger } from '../../electron/core/log';

const file = process.argv[2]!;
const slow: Migration = {
  version: migrations.at(-1)!.version + 1,
  name: 'slow-for-test',
  up(db) {
    db.exec('CREATE TABLE half_done (x INTEGER)');
    const insert = db.prepare('INSERT INTO half_done (x) VALUES (?)');
    for (let i = 0; i < 10_000; i++) insert.run(i);
    db.prepare("UPDATE projects SET name = 'half-migrated'").run();
    process.stdout.write('migrating\n');
    // Block inside the transaction until the parent kills us (bounded: 30 s).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
  },
};
const db = new Database(file);
db.pragma('journal_mode = WAL');
migrate(db, [...migrations, slow], createMemoryLogger());
process.stdout.write('finished\n');
