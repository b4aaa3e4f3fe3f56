import pg from 'pg';
import type { ChangeFeed } from '../change-feed';
import type { Logger } from '../../log';
import { scrub, type PostgresTarget } from './connection-url';
import { changeChannel } from './migrations/005-change-notices';

/** How long to wait before listening again after the connection dropped. */
const reconnectMs = 1_000;

/**
 * Other gateways' changes as they commit: one connection of its own, outside the pool, that
 * LISTENs on the configuration channel. While it is down, no notice can be trusted to arrive, so
 * `check` drops the caches on every look (at most every `maxAgeMs`) until it listens again, and a
 * drop and a reconnect each drop them too: nothing cached outlives a change it did not hear of.
 */
export async function createPgChangeFeed(
  url: string,
  target: PostgresTarget,
  log: Logger,
): Promise<ChangeFeed & { close(): Promise<void> }> {
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let lookedAt = 0;
  let retry: NodeJS.Timeout | undefined;

  async function listen(): Promise<void> {
    const next = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      application_name: 'switchboard-changes',
    });
    next.on('notification', notify);
    next.on('error', (error) => dropped(next, error));
    next.on('end', () => dropped(next));
    await next.connect();
    await next.query(`LISTEN ${changeChannel}`);
    client = next;
    listening = true;
  }

  function dropped(which: pg.Client, error?: Error): void {
    if (which !== client || closed) return;
    client = null;
    listening = false;
    log.warn('team database change notices interrupted; caches are not trusted until they resume', {
      target: target.redacted,
      error: error ? scrub(error.message, target) : 'connection ended',
    });
    which.end().catch(() => undefined);
    notify();
    scheduleRetry();
  }

  function scheduleRetry(): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      listen().then(
        () => {
          log.info('team database change notices resumed', { target: target.redacted });
          notify();
        },
        () => scheduleRetry(),
      );
    }, reconnectMs);
    retry.unref();
  }

  await listen();
  return {
    onExternalChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    check(maxAgeMs = 0) {
      if (listening) return;
      const now = performance.now();
      if (maxAgeMs > 0 && now - lookedAt < maxAgeMs) return;
      lookedAt = now;
      notify();
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const last = client;
      client = null;
      listening = false;
      await last?.end().catch(() => undefined);
    },
  };
}
