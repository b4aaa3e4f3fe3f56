import type { ChangeFeed } from '../change-feed';
import type { Db } from './database';

/**
 * SQLite's `data_version` changes when another connection commits: one cheap pragma on the open
 * connection tells whether anything may have changed elsewhere.
 */
export function createSqliteChangeFeed(db: Db): ChangeFeed {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let seen = dataVersion.get();
  const listeners = new Set<() => void>();
  return {
    onExternalChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    check() {
      const version = dataVersion.get();
      if (version === seen) return;
      seen = version;
      for (const listener of listeners) listener();
    },
  };
}
