import type { Logger } from '../../log';
import { toPostgresStoreError } from './error-mapping';
import { assertSchemaNotTooNew } from './migrate';
import { postgresMigrations } from './migrations';
import { connectPostgres } from './pool';

/**
 * Tries a team database without changing it: connects (the URL, the password, the host, a server
 * new enough) and reads its schema version (not newer than this Switchboard). Resolves to a
 * sentence for the admin; rejects with a `PostgresStoreError` naming the cause.
 */
export async function probeTeamDatabase(url: string, log: Logger): Promise<string> {
  const { pool, target } = await connectPostgres(url, { log, max: 1 });
  try {
    const version = await assertSchemaNotTooNew(pool, postgresMigrations);
    const latest = postgresMigrations.at(-1)!.version;
    return version === 0
      ? `Connected to ${target.redacted}: an empty database, set up on first use.`
      : version < latest
        ? `Connected to ${target.redacted}: schema version ${version}, upgraded to ${latest} on first use.`
        : `Connected to ${target.redacted}: schema version ${version}, up to date.`;
  } catch (error) {
    throw toPostgresStoreError(error, target);
  } finally {
    await pool.end().catch(() => undefined);
  }
}
