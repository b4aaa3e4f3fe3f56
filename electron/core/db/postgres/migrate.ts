import type pg from 'pg';
import type { Logger } from '../../log';
import { PostgresSchemaTooNewError, PostgresStoreError } from './errors';

/** One numbered step of the PostgreSQL schema; runs inside the migration transaction. */
export interface PostgresMigration {
  version: number;
  name: string;
  up(client: pg.PoolClient): Promise<void>;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export interface MigrateOptions {
  /** Stop at this version (tests of a data-changing step migrate to N-1 first). */
  target?: number;
  /** Runs in the migrating transaction after the steps, only when there were some. */
  afterSteps?: (client: pg.PoolClient) => Promise<void>;
}

/** Every Switchboard migrating this database queues on this key, whichever machine it runs on. */
const migrationLockKey = 0x5377_6264; // 'Swbd'

/** The applied version: 0 for an empty database. Reads only; creates nothing. */
export async function readSchemaVersion(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!rows[0]!.present) return 0;
  const applied = await db.query<{ version: number }>('SELECT coalesce(max(version), 0)::int AS version FROM schema_migrations');
  return applied.rows[0]!.version;
}

function refuseTooNew(current: number, list: readonly PostgresMigration[]): void {
  const newestKnown = list.at(-1)?.version ?? 0;
  if (current > newestKnown) throw new PostgresSchemaTooNewError(current, newestKnown);
}

/** Reads the schema version and refuses one newer than `list` knows, without writing anything. */
export async function assertSchemaNotTooNew(db: Queryable, list: readonly PostgresMigration[]): Promise<number> {
  const current = await readSchemaVersion(db);
  refuseTooNew(current, list);
  return current;
}

/**
 * Versions only go up. All pending steps run in one transaction with their `schema_migrations`
 * rows, so a failure leaves the previous consistent version. Gateways starting together queue on
 * an advisory lock and re-read the version once they hold it: the first migrates, the rest find
 * nothing left to do.
 */
export async function migratePostgres(
  pool: pg.Pool,
  list: readonly PostgresMigration[],
  log: Logger,
  options: MigrateOptions = {},
): Promise<number> {
  const latest = options.target ?? list.at(-1)?.version ?? 0;
  const seen = await assertSchemaNotTooNew(pool, list);
  if (!list.some((m) => m.version > seen && m.version <= latest)) return seen;

  const client = await pool.connect();
  try {
    // The lock is a session lock taken before the migrating transaction begins: a transaction
    // that started before another gateway committed its migration could still see the old
    // catalog (PostgreSQL refreshes its catalog caches as a transaction starts, not when an
    // advisory lock is granted), and would then try to create tables that already exist.
    await inTransaction(client, () => client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]));
    const applied = await inTransaction(client, async () => {
      const current = await assertSchemaNotTooNew(client, list);
      const pending = list.filter((m) => m.version > current && m.version <= latest);
      if (pending.length > 0) {
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )`);
      }
      for (const step of pending) {
        await step.up(client);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
      }
      if (pending.length > 0) await options.afterSteps?.(client);
      return { current, pending };
    });
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
    client.release();
    if (applied.pending.length === 0) return applied.current;
    log.info('team database migrated', { from: applied.current, to: latest, steps: applied.pending.map((m) => m.name).join(',') });
    return latest;
  } catch (error) {
    // Closing the connection ends its session, and with it the lock.
    client.release(true);
    if ((error as { code?: unknown }).code === '42501') {
      throw new PostgresStoreError(
        'schema_needs_admin',
        `The team database is at schema version ${seen} and this Switchboard needs ${latest}, but this connection's role may not change the schema. ` +
          "Start Switchboard once with the admin role's database URL to upgrade it.",
      );
    }
    throw error;
  }
}

/** BEGIN … COMMIT (ROLLBACK on a throw), with no per-statement limit: a migration may rewrite a large table, or wait for one. */
async function inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL statement_timeout = 0');
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
