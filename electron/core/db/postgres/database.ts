import type pg from 'pg';
import type { PostgresTarget } from './connection-url';
import { describePostgresError, toPostgresStoreError } from './error-mapping';
import { migratePostgres } from './migrate';
import { postgresMigrations } from './migrations';
import { connectPostgres, type PostgresPoolOptions } from './pool';
import { refreshGatewayAccess } from './roles';

/**
 * The team database as the repositories see it: queries and transactions whose permission and
 * connection failures arrive as typed errors naming the cause; other server errors (a unique
 * violation, say) pass through for the repository to interpret.
 */
export interface PostgresDb {
  readonly target: PostgresTarget;
  /** The pool itself, for statements whose errors the caller interprets (the repositories). */
  readonly pool: pg.Pool;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    statement: string | pg.QueryConfig,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<R>>;
  /** Runs `work` between BEGIN and COMMIT on one connection; ROLLBACK if it throws. */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function wrap(pool: pg.Pool, target: PostgresTarget): PostgresDb {
  const rethrow = (error: unknown): never => {
    throw describePostgresError(error, target) ?? error;
  };
  return {
    target,
    pool,
    query: <R extends pg.QueryResultRow>(statement: string | pg.QueryConfig, values?: readonly unknown[]) =>
      pool.query<R>(statement as string, values as unknown[] | undefined).catch(rethrow),
    async transaction(work) {
      const client = await pool.connect().catch(rethrow);
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        return rethrow(error);
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Connects to the team database, applies pending migrations (refusing a schema newer than this
 * Switchboard, with nothing written) and hands back the door the repositories use.
 * @example const db = await openPostgres(process.env.SWITCHBOARD_DATABASE_URL!, { log });
 */
export async function openPostgres(url: string, options: PostgresPoolOptions): Promise<PostgresDb> {
  const { pool, target } = await connectPostgres(url, options);
  try {
    await migratePostgres(pool, postgresMigrations, options.log, { afterSteps: refreshGatewayAccess });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw toPostgresStoreError(error, target);
  }
  return wrap(pool, target);
}
