import type { Db } from '../db/database';

const settingKey = 'server.port';

/** The port the local server used last time, so pipelines' agent endpoint stays the same across restarts. */
export function rememberedPort(db: Db): number | null {
  const value = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(settingKey);
  const port = Number(value);
  return value !== undefined && Number.isInteger(port) && port > 0 && port <= 65535 ? port : null;
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
