import type { SettingsRepo } from '../settings-repo';
import type { Sql } from './sql';

/** The `settings` table on PostgreSQL: shared by every gateway of the team. */
export function createPgSettingsRepo(sql: Sql): SettingsRepo {
  return {
    async get(key) {
      const { rows } = await sql.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
      return rows[0]?.value ?? null;
    },
    async set(key, value) {
      await sql.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
        key,
        value,
      ]);
    },
  };
}
