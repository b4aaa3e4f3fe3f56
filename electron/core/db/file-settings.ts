import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SettingsRepo } from './settings-repo';

/**
 * An installation's own settings (the remembered port) in a small JSON file of its data
 * directory, for a store shared by many machines: one machine's port is not another's, and a
 * gateway's database role may not write shared configuration. Written whole and renamed into
 * place, so a crash leaves the old file or the new one.
 */
export function createFileSettings(file: string): SettingsRepo {
  const read = (): Record<string, string> => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {});
  return {
    get: async (key) => read()[key] ?? null,
    async set(key, value) {
      const next = { ...read(), [key]: value };
      writeFileSync(`${file}.tmp`, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    },
  };
}
