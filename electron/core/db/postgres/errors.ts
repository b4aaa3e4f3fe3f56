import { AppError } from '../../../../shared/errors';

/** Why the team database could not be used; each names a cause a person can act on. */
export type PostgresProblem =
  | 'invalid_url'
  | 'auth_failed'
  | 'unreachable'
  | 'database_missing'
  | 'server_too_old'
  | 'schema_too_new'
  | 'schema_needs_admin'
  | 'failed';

/**
 * Connecting to or preparing the team database failed. The message is written for a person and
 * never carries the URL's password (only the redacted target, `postgres://user:***@host/db`).
 */
export class PostgresStoreError extends Error {
  constructor(
    readonly problem: PostgresProblem,
    message: string,
  ) {
    super(message);
    this.name = 'PostgresStoreError';
  }
}

export class PostgresUrlError extends PostgresStoreError {
  constructor(reason: string) {
    super('invalid_url', `The team database URL is not valid: ${reason}. Expected postgres://user:password@host:5432/database.`);
    this.name = 'PostgresUrlError';
  }
}

export class PostgresAuthError extends PostgresStoreError {
  constructor(message: string) {
    super('auth_failed', message);
    this.name = 'PostgresAuthError';
  }
}

export class PostgresUnreachableError extends PostgresStoreError {
  constructor(message: string) {
    super('unreachable', message);
    this.name = 'PostgresUnreachableError';
  }
}

export class PostgresDatabaseMissingError extends PostgresStoreError {
  constructor(message: string) {
    super('database_missing', message);
    this.name = 'PostgresDatabaseMissingError';
  }
}

/** The team database's schema was written by a newer Switchboard; nothing was changed. */
export class PostgresSchemaTooNewError extends PostgresStoreError {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      'schema_too_new',
      `The team database is at schema version ${found}, newer than this Switchboard supports (${supported}). ` +
        'Upgrade Switchboard on this machine; the database was not changed.',
    );
    this.name = 'PostgresSchemaTooNewError';
  }
}

/**
 * The connected role may not do what was asked (PostgreSQL 42501): typically a gateway role asked
 * to change configuration. A 403 at every boundary, never a Postgres stack trace.
 */
export class PostgresRoleForbiddenError extends AppError {
  constructor(message: string) {
    super('forbidden', message);
    this.name = 'PostgresRoleForbiddenError';
  }
}
