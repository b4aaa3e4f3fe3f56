import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../core/log';

/** Choices the desktop shell remembers between launches, kept beside the database. */
export const DesktopSettings = z.object({
  /** The port the local server listens on; chosen in the port-conflict dialog. */
  port: z.number().int().min(1).max(65535).optional(),
});
export type DesktopSettings = z.infer<typeof DesktopSettings>;

export const desktopSettingsFile = 'desktop-settings.json';

/** Reads the settings; a missing or unreadable file means defaults (logged, never fatal). */
export function readDesktopSettings(dataDir: string, log: Logger): DesktopSettings {
  const file = path.join(dataDir, desktopSettingsFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = DesktopSettings.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: not JSON
  }
  log.warn('desktop settings unreadable; using defaults', { file });
  return {};
}

/** Merges `patch` into the stored settings, atomically (write a temp file, then rename). */
export function writeDesktopSettings(dataDir: string, patch: DesktopSettings, log: Logger): DesktopSettings {
  const next = DesktopSettings.parse({ ...readDesktopSettings(dataDir, log), ...patch });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, desktopSettingsFile);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
  renameSync(temp, file);
  return next;
}

/** SWITCHBOARD_PORT wins (scripts, tests), then the remembered port, then the default. */
export function resolvePort(env: NodeJS.ProcessEnv, settings: DesktopSettings, defaultPort: number): number {
  const fromEnv = env.SWITCHBOARD_PORT;
  if (fromEnv !== undefined && fromEnv !== '') {
    const port = Number(fromEnv);
    if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  }
  return settings.port ?? defaultPort;
}
