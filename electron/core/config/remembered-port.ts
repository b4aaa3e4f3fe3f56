import type { SettingsRepo } from '../db/settings-repo';
import { parsePort } from '../port-number';

const settingKey = 'server.port';

/** The port the local server used last time, so pipelines' agent endpoint stays the same across restarts. */
export async function rememberedPort(settings: SettingsRepo): Promise<number | null> {
  const port = parsePort((await settings.get(settingKey)) ?? undefined);
  return port === 0 ? null : port; // 0 was never a port we listened on
}

export function rememberPort(settings: SettingsRepo, port: number): Promise<void> {
  return settings.set(settingKey, String(port));
}

/**
 * Listens on `explicit` when given (no fallback: the caller asked for it). Otherwise on the
 * remembered port, else `fallback`; if that is taken, on any free port, which is then remembered.
 */
export async function listenOnStablePort<T extends { port: number }>(
  settings: SettingsRepo,
  explicit: number | null,
  fallback: number,
  start: (port: number) => Promise<T>,
): Promise<T> {
  if (explicit !== null) return start(explicit);
  const remembered = await rememberedPort(settings);
  let started: T;
  try {
    started = await start(remembered ?? fallback);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    started = await start(0);
  }
  if (started.port !== remembered) await rememberPort(settings, started.port);
  return started;
}
