import { scrub, type PostgresTarget } from './connection-url';
import {
  PostgresAuthError,
  PostgresDatabaseMissingError,
  PostgresRoleForbiddenError,
  PostgresStoreError,
  PostgresUnreachableError,
} from './errors';

/** What node-postgres puts on a server error (SQLSTATE in `code`) or a socket error (errno name). */
interface DriverError {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

const networkCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

/** What each configuration table holds, for a refusal a person understands. */
const protectedTables: Record<string, string> = {
  ai_providers: 'AI providers',
  tokens: 'tokens',
  secrets: 'secrets',
  projects: 'projects',
  settings: 'settings',
  audit_events: 'the audit trail',
  team_secret_values: 'secrets',
  team_vault: 'the team key',
};

function codeOf(error: DriverError): string | undefined {
  if (typeof error.code === 'string') return error.code;
  // Node's connect to a name with several addresses fails with an AggregateError of socket errors.
  const first = Array.isArray(error.errors) ? (error.errors[0] as DriverError | undefined) : undefined;
  return typeof first?.code === 'string' ? first.code : undefined;
}

function messageOf(error: DriverError): string {
  return typeof error.message === 'string' ? error.message : String(error);
}

/**
 * Turns a node-postgres error into one that names its cause, or returns `undefined` when the
 * error is none of the known connection or permission problems. No password survives: the
 * target's is scrubbed from any server text that is quoted.
 */
export function describePostgresError(error: unknown, target: PostgresTarget): PostgresStoreError | PostgresRoleForbiddenError | undefined {
  if (error instanceof PostgresStoreError || error instanceof PostgresRoleForbiddenError) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const code = codeOf(error as DriverError);
  const message = scrub(messageOf(error as DriverError), target);
  const where = target.redacted;
  switch (code) {
    case '28P01':
      return new PostgresAuthError(
        `The team database refused the password for role "${target.user}" (${where}). Check the password in the database URL.`,
      );
    case '28000':
      return new PostgresAuthError(
        `The team database does not let role "${target.user}" connect (${where}): ${message}. Ask its administrator to allow this role and host (pg_hba.conf, SSL).`,
      );
    case '3D000':
      return new PostgresDatabaseMissingError(
        `The team database "${target.database}" does not exist on ${target.host}:${target.port}. Create it (CREATE DATABASE ${target.database}) or fix the name in the URL.`,
      );
    case '57P03':
      return new PostgresUnreachableError(`The team database at ${where} is starting up or shutting down; try again shortly.`);
    // A shutdown (`pg_ctl stop`, a restart, a failover) ends the statements in flight with these: the
    // database went away, as much as a refused connection does, so the gateway rides it out from cache.
    case '57P01':
    case '57P02':
      return new PostgresUnreachableError(`The team database at ${where} shut down while answering (${message}).`);
    case '53300':
      return new PostgresUnreachableError(
        `The team database at ${where} has no free connections (too many clients); raise max_connections or lower the pool size.`,
      );
    case '42501':
      return roleForbidden(message);
  }
  // Class 08, connection exceptions: the connection broke, not the statement.
  if (code !== undefined && /^08[0-9A-Z]{3}$/.test(code)) {
    return new PostgresUnreachableError(`The team database at ${where} lost the connection (${message}).`);
  }
  if (code !== undefined && networkCodes.has(code)) {
    const why =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `the host name "${target.host}" does not resolve` : `connecting failed (${code})`;
    return new PostgresUnreachableError(
      `The team database at ${where} cannot be reached: ${why}. Check the host and port, and that PostgreSQL is running.`,
    );
  }
  // node-postgres reports these in words, without a code.
  if (/connection timeout|timeout expired/i.test(message)) {
    return new PostgresUnreachableError(
      `The team database at ${where} did not answer in time. Check the host, the port and any firewall between.`,
    );
  }
  if (/timeout exceeded when trying to connect/i.test(message)) {
    return new PostgresUnreachableError(
      `No connection to the team database at ${where} came free in time: every pooled connection is busy or still connecting.`,
    );
  }
  if (/Connection terminated unexpectedly/i.test(message)) {
    return new PostgresUnreachableError(
      `The team database at ${where} closed the connection unexpectedly (a server restart or a network drop).`,
    );
  }
  return undefined;
}

function roleForbidden(message: string): PostgresRoleForbiddenError {
  // The server's English text names the table; a server with translated messages gets the general sentence.
  const table = /permission denied for (?:table|relation) "?([a-z_]+)"?/i.exec(message)?.[1];
  const what = table ? protectedTables[table] : undefined;
  return new PostgresRoleForbiddenError(
    what
      ? `This gateway's database role may not change ${what}. Make the change from an admin connection (the desktop app or the CLI with the admin role).`
      : "This gateway's database role may not make this change. Make it from an admin connection (the desktop app or the CLI with the admin role).",
  );
}

/** Like `describePostgresError`, for errors that must not escape raw: unknown ones become a generic, scrubbed store error. */
export function toPostgresStoreError(error: unknown, target: PostgresTarget): PostgresStoreError | PostgresRoleForbiddenError {
  return (
    describePostgresError(error, target) ??
    new PostgresStoreError(
      'failed',
      `The team database at ${target.redacted} failed: ${scrub(messageOf((error ?? {}) as DriverError), target)}`,
    )
  );
}
