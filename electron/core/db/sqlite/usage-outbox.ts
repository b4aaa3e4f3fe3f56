import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { UsageRecord } from '../../../../shared/operations/usage';

/** A run of spooled rows, oldest first, with the sequence number of the last one. */
export interface OutboxBatch {
  rows: UsageRecord[];
  lastSeq: number;
}

/**
 * The usage outbox: a small SQLite file in the data directory where a gateway spools usage rows
 * while the team database cannot take them. Rows keep their arrival order (an integer key) and
 * leave only once the database has them, so a crash loses nothing spooled.
 */
export function openUsageOutbox(file: string) {
  let opened: ReturnType<typeof open> | null = existsSync(file) ? open(file) : null;
  // Created on the first row spooled: a gateway whose database never went away has no outbox file.
  const outbox = () => (opened ??= open(file));
  return {
    add(rows: readonly UsageRecord[]): void {
      outbox().add(rows);
    },
    /** The oldest `limit` rows, or null when the outbox is empty. */
    peek(limit: number): OutboxBatch | null {
      if (!opened) return null;
      const found = opened.oldest.all(limit);
      if (found.length === 0) return null;
      return { rows: found.map((entry) => JSON.parse(entry.row) as UsageRecord), lastSeq: found.at(-1)!.seq };
    },
    /** Drops the rows up to and including `seq`, once the database has them. */
    remove(seq: number): void {
      opened?.removeThrough.run(seq);
    },
    size: (): number => (opened ? opened.count.get()! : 0),
    close(): void {
      opened?.db.close();
      opened = null;
    },
  };
}

function open(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS usage_outbox (seq INTEGER PRIMARY KEY, row TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO usage_outbox (row) VALUES (?)');
  const add = db.transaction((rows: readonly UsageRecord[]) => {
    for (const row of rows) insert.run(JSON.stringify(row));
  });
  return {
    db,
    add,
    oldest: db.prepare<[number], { seq: number; row: string }>('SELECT seq, row FROM usage_outbox ORDER BY seq LIMIT ?'),
    removeThrough: db.prepare('DELETE FROM usage_outbox WHERE seq <= ?'),
    count: db.prepare<[], number>('SELECT count(*) FROM usage_outbox').pluck(),
  };
}
export type UsageOutbox = ReturnType<typeof openUsageOutbox>;
