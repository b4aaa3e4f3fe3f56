import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPostgresStore } from '../../electron/core/db/postgres/postgres-store';
import { connectPostgres } from '../../electron/core/db/postgres/pool';
import { createTeamRoles, grantGatewayAccess } from '../../electron/core/db/postgres/roles';
import { createMemoryLogger } from '../../electron/core/log';
import { builtCli, spawnServe } from '../support/built-cli';
import { createTestDatabase, uniqueRoleName, withClient, type TestDatabase } from '../support/postgres-database';
import { makeTempDir } from '../support/temp-dir';
import { testClock } from '../support/test-clock';

const baseEnv = { ...process.env, SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'cli-test-key', SWITCHBOARD_DATABASE_URL: '' };

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [builtCli, ...args], { env: { ...baseEnv, ...env }, encoding: 'utf8' });
}

const tokenCreate = ['token', 'create', '--name', 'ci', '--permission', 'aiProviders:ListAiProviders'];

describe('`switchboard` on a team database (the built bin)', () => {
  let database: TestDatabase;
  const temps: ReturnType<typeof makeTempDir>[] = [];
  const dataDir = () => {
    const temp = makeTempDir();
    temps.push(temp);
    return temp.dir;
  };
  /** A data directory path that does not exist yet: a refused start must not create it. */
  const freshDir = () => path.join(dataDir(), 'not-yet');

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    temps.forEach((t) => t.cleanup());
    await database?.drop();
  });

  it('writes a token with --database-url that a gateway on another data directory and the same database accepts, with no SQLite file', async () => {
    const cliDir = dataDir();
    const created = cli([...tokenCreate, '--data-dir', cliDir, '--database-url', database.url]);
    expect(created.status, created.stderr).toBe(0);
    const value = created.stdout.trim();
    expect(readdirSync(cliDir)).not.toContain('switchboard.db');

    const serveDir = dataDir();
    const serve = await spawnServe(['--port', '0', '--data-dir', serveDir], { ...baseEnv, SWITCHBOARD_DATABASE_URL: database.url });
    try {
      const api = serve.lines['API']!;
      expect((await fetch(`${api}/ai-providers`, { headers: { authorization: `Bearer ${value}` } })).status).toBe(200);
      const listed = cli(['token', 'list', '--data-dir', cliDir], { SWITCHBOARD_DATABASE_URL: database.url });
      expect(listed.status, listed.stderr).toBe(0);
      expect(listed.stdout).toContain('ci');
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(readdirSync(serveDir)).not.toContain('switchboard.db');
  });

  it('names the cause of a database it cannot use, exits 1 and writes nothing', async () => {
    const wrongPassword = new URL(database.url);
    wrongPassword.password = 'not-the-password';
    const closedPort = new URL(database.url);
    closedPort.port = '1';
    // Each cause through another entry point: they all boot the core the same way.
    const cases: Array<[string[], string, RegExp]> = [
      [['mcp'], 'mysql://root@localhost/switchboard', /URL is not valid: it starts with "mysql:\/\/"/],
      [['serve', '--port', '0'], wrongPassword.toString(), /refused the password for role "switchboard_owner"/],
      [tokenCreate, closedPort.toString(), /cannot be reached: connecting failed \(ECONNREFUSED\)/],
    ];
    for (const [command, url, message] of cases) {
      const dir = freshDir();
      const result = cli([...command, '--data-dir', dir, '--database-url', url], { SWITCHBOARD_TOKEN: 'sb_x' });
      expect(result.status, `${command[0]} ${url}`).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain('not-the-password');
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('refuses a database written by a newer Switchboard and leaves it as it was', async () => {
    const newer = await createTestDatabase();
    try {
      const log = createMemoryLogger();
      const store = await openPostgresStore(newer.url, { log, clock: testClock() });
      store.close();
      await store.closed;
      await withClient(newer.url, (client) => client.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')"));
      const dir = freshDir();
      const result = cli([...tokenCreate, '--data-dir', dir], { SWITCHBOARD_DATABASE_URL: newer.url });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/schema version 999, newer than this Switchboard supports/);
      expect(existsSync(dir)).toBe(false);
      const tokens = await withClient(newer.url, (client) => client.query('SELECT count(*)::int AS n FROM tokens'));
      expect(tokens.rows[0].n).toBe(0);
    } finally {
      await newer.drop();
    }
  });

  it("answers a gateway role's admin change with a 403 that names what it may not change, in the CLI and over REST", async () => {
    const names = { database: uniqueRoleName('team'), admin: uniqueRoleName('admin'), gateway: uniqueRoleName('gateway') };
    const roles = await withClient(inject('postgresOwnerUrl'), (dba) => createTeamRoles(dba, names));
    const urlFor = (role: { role: string; password: string }) => {
      const url = new URL(inject('postgresOwnerUrl'));
      url.username = role.role;
      url.password = role.password;
      url.pathname = `/${names.database}`;
      return url.toString();
    };
    try {
      const log = createMemoryLogger();
      const admin = await openPostgresStore(urlFor(roles.admin), { log, clock: testClock() });
      admin.close();
      await admin.closed;
      const { pool } = await connectPostgres(urlFor(roles.admin), { log });
      await grantGatewayAccess(pool, names.gateway).finally(() => pool.end());

      const refused = cli([...tokenCreate, '--data-dir', dataDir()], { SWITCHBOARD_DATABASE_URL: urlFor(roles.gateway) });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toBe(
        "switchboard: This gateway's database role may not change tokens. Make the change from an admin connection (the desktop app or the CLI with the admin role).\n",
      );

      const serve = await spawnServe(['--port', '0', '--data-dir', dataDir()], {
        ...baseEnv,
        SWITCHBOARD_DATABASE_URL: urlFor(roles.gateway),
      });
      try {
        const login = await fetch(serve.lines['Admin UI']!, { redirect: 'manual' });
        const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
        const response = await fetch(`${serve.lines['API']}/ai-providers`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', origin: new URL(serve.lines['API']!).origin },
          body: JSON.stringify({ name: 'OpenAI', provider: 'openai', defaultModel: 'gpt-4o' }),
        });
        expect(response.status).toBe(403);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error).toEqual({ code: 'forbidden', message: expect.stringContaining('may not change AI providers') });
        expect((await fetch(`${serve.lines['API']}/ai-providers`, { headers: { cookie } })).status).toBe(200);
      } finally {
        expect(await serve.stop()).toBe(0);
      }
    } finally {
      await withClient(inject('postgresOwnerUrl'), async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${names.database} WITH (FORCE)`);
        await client.query(`DROP ROLE IF EXISTS ${names.gateway}`);
        await client.query(`DROP ROLE IF EXISTS ${names.admin}`);
      });
    }
  });
});
