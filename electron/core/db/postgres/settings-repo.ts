import { teamWideSettings, type SettingsRepo } from '../settings-repo';
import type { Sql } from './sql';

/**
 * A team gateway's settings: the team-wide ones in the team database, the rest in this
 * installation's own file (`local`), so one machine's port or log level never moves another's.
 */
export function createPgSettings(sql: Sql, local: SettingsRepo): SettingsRepo {
  const shared = new Set(teamWideSettings);
  return {
    async get(key) {
      if (!shared.has(key)) return local.get(key);
      const { rows } = await sql.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
      return rows[0]?.value ?? null;
    },
    async set(key, value) {
      if (!shared.has(key)) return local.set(key, value);
      await sql.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
        key,
        value,
      ]);
    },
  };
}
