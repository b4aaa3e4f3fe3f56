import type { PostgresMigration } from '../migrate';

/**
 * The team vault, PostgreSQL only by design (a solo store keeps values in the OS keychain or the
 * file vault): one key-check row, derived from the team key so a wrong key is told apart from a
 * damaged value, and per secret its data key wrapped by the team key and its value sealed by that
 * data key. No foreign key to `secrets`: the vault is written before the secret's row, as every
 * vault is, and removed before it.
 */
export const p055TeamVault: PostgresMigration = {
  version: 55,
  name: 'team-vault',
  async up(client) {
    await client.query(`
      CREATE TABLE team_vault (
        singleton BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
        key_check BYTEA NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        rotated_at TIMESTAMPTZ
      );

      CREATE TABLE team_secret_values (
        secret_id TEXT PRIMARY KEY,
        wrapped_key BYTEA NOT NULL,
        sealed_value BYTEA NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `);
  },
};
