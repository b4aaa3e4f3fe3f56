import type { Db } from '../db/database';
import { parsePort } from '../port-number';

const settingKey = 'server.port';

/** The port the local server used last time, so pipelines' agent endpoint stays the same across restarts. */
export function rememberedPort(db: Db): number | null {
  const value = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(settingKey);
  const port = parsePort(value);
  return port === 0 ? null : port; // 0 was never a port we listened on
}

export function rememberPort(db: Db, port: number): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(settingKey, String(port));
}

/**
 * Listens on `explicit` when given (no fallback: the caller asked for it). Otherwise on the
 * remembered port, else `fallback`; if that is taken, on any free port, which is then remembered.
 */
export async function listenOnStablePort<T extends { port: number }>(db: Db, explicit: number | null, fallback: number, start: (port: number) => Promise<T>): Promise<T> {
  if (explicit !== null) return start(explicit);
  const preferred = rememberedPort(db) ?? fallback;
  let started: T;
  try {
    started = await start(preferred);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    started = await start(0);
  }
  if (started.port !== rememberedPort(db)) rememberPort(db, started.port);
  return started;
}
