import type Database from 'better-sqlite3';
import type { Logger } from '../../log';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Thrown when the file was written by a newer Switchboard; the file is left untouched. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database is at schema version ${found}, newer than this Switchboard supports (${supported}). ` +
        'Upgrade Switchboard or point SWITCHBOARD_DATA_DIR at another directory; the file was not changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** Reads the schema version and refuses one newer than `list` knows, without writing anything. */
export function assertNotTooNew(db: Database.Database, list: readonly Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newestKnown = list.at(-1)?.version ?? 0;
  if (current > newestKnown) throw new DatabaseTooNewError(current, newestKnown);
  return current;
}

/**
 * Versions only go up. All pending steps run in one transaction together with the new
 * `user_version`, so a crash mid-way leaves the previous consistent version.
 */
export function migrate(db: Database.Database, list: readonly Migration[], log: Logger, target?: number): number {
  const latest = target ?? list.at(-1)?.version ?? 0;
  const current = assertNotTooNew(db, list);
  const pending = list.filter((m) => m.version > current && m.version <= latest);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const step of pending) step.up(db);
    db.pragma(`user_version = ${Math.trunc(latest)}`);
  }).immediate();
  log.info('database migrated', { from: current, to: latest, steps: pending.map((m) => m.name).join(',') });
  return latest;
}
