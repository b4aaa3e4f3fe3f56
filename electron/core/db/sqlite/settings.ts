import type { Db } from './database';
import type { SettingsRepo } from '../settings-repo';
import type { Synchronous } from './promised';

export function createSqliteSettings(db: Db): Synchronous<SettingsRepo> {
  const read = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get: (key) => read.get(key) ?? null,
    set: (key, value) => {
      write.run(key, value);
    },
  };
}
