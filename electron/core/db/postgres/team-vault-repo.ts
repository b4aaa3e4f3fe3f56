import type { PostgresDb } from './database';

/** One secret's blobs in the team vault (the same shape the vault in secrets/ seals and opens). */
export interface TeamVaultRow {
  secretId: string;
  wrappedKey: Buffer;
  sealedValue: Buffer;
}

/** Why a rotation did not happen; nothing was written. */
export type TeamKeyReplaceRefusal = 'not_initialised' | 'key_mismatch';

/**
 * The team vault's two tables. Every write that depends on the current team key holds the
 * key-check row (FOR SHARE, or FOR UPDATE while rotating), so a write with a rotated-out key and a
 * rotation never interleave: the write waits, then finds the new check and is refused.
 */
export function createPostgresTeamVaultRepo(db: PostgresDb) {
  return {
    async readKeyCheck(): Promise<Buffer | null> {
      const { rows } = await db.query<{ key_check: Buffer }>('SELECT key_check FROM team_vault');
      return rows[0]?.key_check ?? null;
    },

    /** False when the team already has a key (the existing one stays). */
    async initialise(keyCheck: Buffer): Promise<boolean> {
      const { rowCount } = await db.query('INSERT INTO team_vault (key_check) VALUES ($1) ON CONFLICT DO NOTHING', [keyCheck]);
      return rowCount === 1;
    },

    async read(secretId: string): Promise<TeamVaultRow | null> {
      const { rows } = await db.query<{ wrapped_key: Buffer; sealed_value: Buffer }>(
        'SELECT wrapped_key, sealed_value FROM team_secret_values WHERE secret_id = $1',
        [secretId],
      );
      const row = rows[0];
      return row ? { secretId, wrappedKey: row.wrapped_key, sealedValue: row.sealed_value } : null;
    },

    async write(sealed: TeamVaultRow, keyCheck: Buffer): Promise<boolean> {
      const { rowCount } = await db.query(
        `INSERT INTO team_secret_values (secret_id, wrapped_key, sealed_value)
         SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM team_vault WHERE key_check = $4 FOR SHARE)
         ON CONFLICT (secret_id) DO UPDATE SET wrapped_key = excluded.wrapped_key, sealed_value = excluded.sealed_value, updated_at = now()`,
        [sealed.secretId, sealed.wrappedKey, sealed.sealedValue, keyCheck],
      );
      return rowCount === 1;
    },

    async remove(secretId: string): Promise<void> {
      await db.query('DELETE FROM team_secret_values WHERE secret_id = $1', [secretId]);
    },

    async count(): Promise<number> {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM team_secret_values');
      return rows[0]!.n;
    },

    /**
     * Re-wraps every data key from the current team key to the next one and stores the next key's
     * check, in one transaction: either every secret moved or none did. `rewrap` returning null
     * (a data key the current key cannot open) rolls the whole rotation back with that error.
     */
    async replaceKey(options: {
      current: Buffer;
      next: Buffer;
      rewrap(secretId: string, wrappedKey: Buffer): Buffer;
    }): Promise<{ rewrapped: number } | { refused: TeamKeyReplaceRefusal }> {
      return db.transaction(async (client) => {
        const held = await client.query<{ key_check: Buffer }>('SELECT key_check FROM team_vault FOR UPDATE');
        const stored = held.rows[0]?.key_check;
        if (!stored) return { refused: 'not_initialised' as const };
        if (!stored.equals(options.current)) return { refused: 'key_mismatch' as const };
        const { rows } = await client.query<{ secret_id: string; wrapped_key: Buffer }>(
          'SELECT secret_id, wrapped_key FROM team_secret_values ORDER BY secret_id FOR UPDATE',
        );
        for (const row of rows) {
          await client.query('UPDATE team_secret_values SET wrapped_key = $2 WHERE secret_id = $1', [
            row.secret_id,
            options.rewrap(row.secret_id, row.wrapped_key),
          ]);
        }
        await client.query('UPDATE team_vault SET key_check = $1, rotated_at = now()', [options.next]);
        return { rewrapped: rows.length };
      });
    },
  };
}
export type PostgresTeamVaultRepo = ReturnType<typeof createPostgresTeamVaultRepo>;
