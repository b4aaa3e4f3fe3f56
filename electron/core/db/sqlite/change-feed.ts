import type { ChangeFeed } from '../change-feed';
import type { Db } from './database';

/**
 * How long a write by another process may go unseen. The pragma is a native call the proxy made on
 * every request; read at most this often it costs nothing per request, and a revocation by the CLI
 * still applies well within the second it is promised in.
 */
const checkEveryMs = 100;

/**
 * SQLite's `data_version` changes when another connection commits: one cheap pragma on the open
 * connection tells whether anything may have changed elsewhere.
 */
export function createSqliteChangeFeed(db: Db): ChangeFeed {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let seen = dataVersion.get();
  let nextCheckAt = performance.now() + checkEveryMs;
  const listeners = new Set<() => void>();
  return {
    onExternalChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    check() {
      const now = performance.now();
      if (now < nextCheckAt) return;
      nextCheckAt = now + checkEveryMs;
      const version = dataVersion.get();
      if (version === seen) return;
      seen = version;
      for (const listener of listeners) listener();
    },
  };
}
