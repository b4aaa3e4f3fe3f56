import type { Db } from '../database';
import type { SettingsRepo } from '../settings-repo';

export function createSqliteSettings(db: Db): SettingsRepo {
  const read = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get: async (key) => read.get(key) ?? null,
    set: async (key, value) => {
      write.run(key, value);
    },
  };
}
