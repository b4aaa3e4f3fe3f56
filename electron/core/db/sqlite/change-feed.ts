import type { ChangeFeed } from '../change-feed';
import type { Db } from './database';

/**
 * SQLite's `data_version` changes when another connection commits: one cheap pragma on the open
 * connection tells whether anything may have changed elsewhere. Cheap, yet a native call of several
 * microseconds: a caller on a hot path passes `maxAgeMs` to read it at most that often.
 */
export function createSqliteChangeFeed(db: Db): ChangeFeed {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let seen = dataVersion.get();
  let lookedAt = performance.now();
  const listeners = new Set<() => void>();
  return {
    onExternalChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    check(maxAgeMs = 0) {
      const now = performance.now();
      if (maxAgeMs > 0 && now - lookedAt < maxAgeMs) return;
      lookedAt = now;
      const version = dataVersion.get();
      if (version === seen) return;
      seen = version;
      for (const listener of listeners) listener();
    },
  };
}
