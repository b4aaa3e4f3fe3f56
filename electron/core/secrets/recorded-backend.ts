import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The backends a local vault can move between. */
export type LocalBackend = 'keychain' | 'file';

/**
 * Which backend holds this data directory's secrets once an admin moved them, so the next start
 * opens the same one whether or not a keychain happens to answer then. Absent: never moved, and
 * the start chooses as it always did (the keychain when reachable).
 */
export function recordedBackendFile(dataDir: string): string {
  return path.join(dataDir, 'vault-backend.json');
}

export function readRecordedBackend(dataDir: string): LocalBackend | null {
  const file = recordedBackendFile(dataDir);
  if (!existsSync(file)) return null;
  try {
    const backend = (JSON.parse(readFileSync(file, 'utf8')) as { backend?: unknown }).backend;
    return backend === 'keychain' || backend === 'file' ? backend : null;
  } catch {
    return null;
  }
}

/** Written whole or not at all (a temporary file renamed over the old one). */
export function writeRecordedBackend(dataDir: string, backend: LocalBackend | null): void {
  const file = recordedBackendFile(dataDir);
  if (backend === null) return rmSync(file, { force: true });
  const temporary = `${file}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, JSON.stringify({ backend }), { mode: 0o600 });
  renameSync(temporary, file);
}
