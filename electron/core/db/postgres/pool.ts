import pg from 'pg';
import type { Logger } from '../../log';
import { parsePostgresUrl, scrub, type PostgresTarget } from './connection-url';
import { toPostgresStoreError } from './error-mapping';
import { PostgresAuthError, PostgresStoreError } from './errors';
import { switchboardTypes } from './value-parsers';

export interface PostgresPoolOptions {
  log: Logger;
  /** Connections at most (default 10). */
  max?: number;
  /** How long a connect may take before the host counts as unreachable (default 5 s). */
  connectTimeoutMs?: number;
  /** Server-side limit per statement (default 30 s): a stuck query fails instead of holding a connection. */
  statementTimeoutMs?: number;
  /** Idle connections are closed after this (default 30 s). */
  idleTimeoutMs?: number;
}

/** Older servers lack what the migrations use (INCLUDE indexes, DROP DATABASE … FORCE in tests, identity columns). */
const oldestServer = 130000;

export interface PostgresPool {
  pool: pg.Pool;
  target: PostgresTarget;
}

/**
 * A pool for the team database with timeouts that fail fast and an `application_name` that shows
 * in `pg_stat_activity`. Nothing is connected yet; `connectPostgres` also checks the server.
 */
export function createPostgresPool(url: string, options: PostgresPoolOptions): PostgresPool {
  const target = parsePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    // A transaction left open by a crashed request must not hold locks for long.
    idle_in_transaction_session_timeout: 60_000,
    application_name: 'switchboard',
    keepAlive: true,
    types: switchboardTypes,
  });
  // An idle connection's error (server restart, network drop) arrives here; without a listener it would crash the process.
  pool.on('error', (error) => {
    options.log.warn('team database connection lost', { target: target.redacted, error: scrub(error.message, target) });
  });
  // A checked-out connection (a transaction between two statements) that the server ends emits its
  // error on the client, not the pool: the next statement fails and says so; the process stays up.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return { pool, target };
}

/**
 * Opens a pool and proves it works: one round trip, a server new enough. Any failure closes the
 * pool and throws a `PostgresStoreError` that names the cause.
 */
export async function connectPostgres(url: string, options: PostgresPoolOptions): Promise<PostgresPool> {
  const opened = createPostgresPool(url, options);
  try {
    const { rows } = await opened.pool.query<{ version: number }>("SELECT current_setting('server_version_num')::int AS version");
    const version = rows[0]!.version;
    if (version < oldestServer) {
      throw new PostgresStoreError(
        'server_too_old',
        `The team database at ${opened.target.redacted} runs PostgreSQL ${Math.floor(version / 10000)}; Switchboard needs PostgreSQL 13 or newer.`,
      );
    }
    return opened;
  } catch (error) {
    await opened.pool.end().catch(() => undefined);
    // Refused before any statement ran: this role lacks CONNECT on the database.
    if ((error as { code?: unknown }).code === '42501') {
      const { user, database } = opened.target;
      throw new PostgresAuthError(
        `Role "${user}" may not connect to the team database "${database}" (${opened.target.redacted}). Ask its administrator to GRANT CONNECT ON DATABASE ${database} TO ${user}.`,
      );
    }
    throw toPostgresStoreError(error, opened.target);
  }
}
