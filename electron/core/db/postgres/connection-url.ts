import { PostgresUrlError } from './errors';

/** Where a URL points, safe to print: no password, ever. */
export interface PostgresTarget {
  user: string;
  host: string;
  port: number;
  database: string;
  /** `postgres://user:***@host:5432/database` */
  redacted: string;
  /** The password as written and decoded, kept only to scrub it from anything that is shown. */
  secrets: readonly string[];
}

const defaultPort = 5432;

/**
 * Checks a `postgres://` URL before any connection is tried, so a typo is reported as such and
 * not as a network error. The thrown message never echoes the URL: it may hold a password.
 * @example parsePostgresUrl('postgres://gateway:pw@db.internal:5432/switchboard').redacted
 *          // 'postgres://gateway:***@db.internal:5432/switchboard'
 */
export function parsePostgresUrl(text: string): PostgresTarget {
  const trimmed = text.trim();
  if (trimmed === '') throw new PostgresUrlError('it is empty');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new PostgresUrlError('it could not be parsed as a URL (a password with @, : or / must be percent-encoded)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new PostgresUrlError(`it starts with "${url.protocol}//", not "postgres://" or "postgresql://"`);
  }
  const socketDir = url.searchParams.get('host');
  const host = url.hostname || socketDir || '';
  if (host === '') throw new PostgresUrlError('it names no host');
  let user: string;
  let database: string;
  let password: string;
  try {
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
    database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    throw new PostgresUrlError('it holds a malformed percent-encoding');
  }
  if (user === '') throw new PostgresUrlError('it names no user');
  if (database === '' || database.includes('/'))
    throw new PostgresUrlError('it names no database (the path after the host, e.g. /switchboard)');
  const port = url.port === '' ? defaultPort : Number(url.port);
  const shownHost = url.hostname ? `${url.hostname}:${port}` : host;
  return {
    user,
    host,
    port,
    database,
    redacted: `${url.protocol}//${encodeURIComponent(user)}${url.password ? ':***' : ''}@${shownHost}/${encodeURIComponent(database)}`,
    secrets: [password, url.password].filter((s) => s.length > 0),
  };
}

/** Replaces every occurrence of the target's password in `text` (a server or driver message). */
export function scrub(text: string, target: Pick<PostgresTarget, 'secrets'>): string {
  let out = text;
  for (const secret of target.secrets) out = out.split(secret).join('***');
  return out;
}
