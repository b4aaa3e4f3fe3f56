import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type PostgresDb } from '../../electron/core/db/postgres/database';
import {
  PostgresAuthError,
  PostgresDatabaseMissingError,
  PostgresSchemaTooNewError,
  PostgresStoreError,
  PostgresUnreachableError,
  PostgresUrlError,
} from '../../electron/core/db/postgres/errors';
import { postgresMigrations } from '../../electron/core/db/postgres/migrations';
import { connectPostgres } from '../../electron/core/db/postgres/pool';
import { createMemoryLogger } from '../../electron/core/log';
import { createTestDatabase, uniqueRoleName, withClient, type TestDatabase } from '../support/postgres-database';
import { startStalledListener } from '../support/stalled-listener';

/** A password that must never show up in an error, a stack or a log line. */
const canary = 'CanaryPw-7f3kQ9zX';

function expectNoCanary(error: unknown, log: { lines: string[] }): void {
  const seen = [String(error), (error as Error | undefined)?.stack ?? '', JSON.stringify(error), ...log.lines].join('\n');
  expect(seen).not.toContain(canary);
}

async function failureOf(url: string, options: { connectTimeoutMs?: number } = {}) {
  const log = createMemoryLogger();
  const error = await connectPostgres(url, { log, ...options }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PostgresStoreError);
  expectNoCanary(error, log);
  return error as PostgresStoreError;
}

describe('the team database connection', () => {
  let database: TestDatabase;
  /** A role whose password is the canary, on this file's database. */
  let canaryRole: string;
  const port = () => new URL(database.url).port;

  beforeAll(async () => {
    database = await createTestDatabase();
    canaryRole = uniqueRoleName('canary');
    await withClient(database.url, (client) => client.query(`CREATE ROLE ${canaryRole} LOGIN PASSWORD '${canary}'`));
  });
  afterAll(() => database?.drop());

  it('connects, and reads BIGINT as numbers, TIMESTAMPTZ as ISO strings, DATE as the day', async () => {
    const log = createMemoryLogger();
    const { pool } = await connectPostgres(database.urlAs(canaryRole, canary), { log });
    try {
      const { rows } = await pool.query(
        `SELECT 9007199254740991::bigint AS big, sum(x)::numeric AS total, '2026-11-30T04:39:45.123Z'::timestamptz AS at, '2026-11-30'::date AS day,
           current_setting('application_name') AS app, current_setting('statement_timeout') AS statement_limit,
           current_setting('idle_in_transaction_session_timeout') AS idle_in_transaction_limit
         FROM (VALUES (1::bigint), (2::bigint)) AS v(x)`,
      );
      expect(rows[0]).toEqual({
        big: 9007199254740991,
        total: 3,
        at: '2026-11-30T04:39:45.123Z',
        day: '2026-11-30',
        app: 'switchboard',
        statement_limit: '30s',
        idle_in_transaction_limit: '1min',
      });
      await expect(pool.query("SELECT '9007199254740993'::bigint AS big")).rejects.toThrow(/beyond JavaScript's exact range/);
    } finally {
      await pool.end();
    }
  });

  it('logs a pooled connection the server drops, without the password, and keeps going', async () => {
    const log = createMemoryLogger();
    const { pool } = await connectPostgres(database.urlAs(canaryRole, canary), { log });
    try {
      const dropped = new Promise((resolve) => pool.once('error', resolve));
      await withClient(database.url, async (owner) => {
        await owner.query(`GRANT ${canaryRole} TO CURRENT_USER`);
        await owner.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [canaryRole]);
      });
      await dropped;
      expect(log.lines.join('\n')).toMatch(
        /team database connection lost.*target="postgres:\/\/canary_[0-9a-f]+:\*\*\*@127\.0\.0\.1:\d+\/t_/,
      );
      expectNoCanary(undefined, log);
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it('refuses a malformed URL before connecting, without echoing it', async () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty/],
      [`postgres://user:${canary}@`, /could not be parsed|names no host/],
      [`mysql://user:${canary}@127.0.0.1/db`, /"mysql:\/\/"/],
      [`postgres://user:${canary}@127.0.0.1:5432`, /names no database/],
      [`postgres://:${canary}@127.0.0.1:5432/db`, /names no user/],
      [`postgres://user:${canary}%ZZ@127.0.0.1/db`, /malformed percent-encoding/],
      [`postgres://user:${canary}@127.0.0.1:99999/db`, /could not be parsed/],
    ];
    for (const [url, reason] of cases) {
      const error = await failureOf(url);
      expect(error).toBeInstanceOf(PostgresUrlError);
      expect(error.problem).toBe('invalid_url');
      expect(error.message).toMatch(reason);
    }
  });

  it('names a wrong password as such (28P01)', async () => {
    const error = await failureOf(database.urlAs(uniqueRoleName('nobody'), canary));
    expect(error).toBeInstanceOf(PostgresAuthError);
    expect(error.message).toMatch(/refused the password for role "nobody_[0-9a-f]+"/);
    expect(error.message).toContain(`127.0.0.1:${port()}`);
    expect(error.message).toContain(':***@');
  });

  it('names a database that does not exist (3D000)', async () => {
    const url = new URL(database.urlAs(canaryRole, canary));
    url.pathname = '/no_such_database';
    const error = await failureOf(url.toString());
    expect(error).toBeInstanceOf(PostgresDatabaseMissingError);
    expect(error.message).toMatch(/"no_such_database" does not exist/);
  });

  it('names an unreachable host: a closed port, a name that does not resolve, a host that never answers', async () => {
    const closed = await failureOf(`postgres://${canaryRole}:${canary}@127.0.0.1:1/${database.name}`);
    expect(closed).toBeInstanceOf(PostgresUnreachableError);
    expect(closed.message).toMatch(/cannot be reached: connecting failed \(ECONNREFUSED\)/);

    const unknown = await failureOf(`postgres://${canaryRole}:${canary}@switchboard-team-db.invalid:5432/${database.name}`);
    expect(unknown).toBeInstanceOf(PostgresUnreachableError);
    expect(unknown.message).toMatch(/switchboard-team-db\.invalid/);

    const stalled = await startStalledListener();
    try {
      const silent = await failureOf(`postgres://${canaryRole}:${canary}@${new URL(stalled.url).host}/${database.name}`, {
        connectTimeoutMs: 300,
      });
      expect(silent).toBeInstanceOf(PostgresUnreachableError);
      expect(silent.message).toMatch(/did not answer in time/);
    } finally {
      stalled.close();
    }
  });

  it('refuses a schema newer than this Switchboard and writes nothing', async () => {
    const newer = await createTestDatabase();
    try {
      await withClient(newer.url, async (client) => {
        await client.query(
          'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
        );
        await client.query("INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')");
      });
      const log = createMemoryLogger();
      const url = new URL(newer.url);
      const error = await openPostgres(url.toString(), { log }).then(
        (db: PostgresDb) => db.close(),
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(PostgresSchemaTooNewError);
      expect((error as Error).message).toContain(
        `schema version 99, newer than this Switchboard supports (${postgresMigrations.at(-1)!.version})`,
      );
      const tables = await withClient(newer.url, (client) =>
        client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"),
      );
      expect(tables.rows.map((r) => r.name)).toEqual(['schema_migrations']);
    } finally {
      await newer.drop();
    }
  });
});
