import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { builtCli, spawnServe, type ServeProcess } from '../support/built-cli';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { findPostgresBinaries } from '../support/postgres-cluster';
import { uniqueRoleName, withClient } from '../support/postgres-database';
import { makeTempDir } from '../support/temp-dir';

/**
 * Two gateway processes of one team, as a desktop admin and a CI agent run them: separate data
 * directories, one team database, one team key. A provider key stored through the first is used
 * by the proxy of the second; a gateway with a wrong team key is refused; and the canary key is
 * nowhere in a dump of the database, the logs or the responses.
 */
describe('the team vault across gateway processes', () => {
  const canary = `sk-ant-canary-${randomBytes(10).toString('hex')}`;
  const names = { database: uniqueRoleName('teamgw'), admin: uniqueRoleName('admin'), gateway: uniqueRoleName('gateway') };
  const dirs = [makeTempDir('switchboard-admin-'), makeTempDir('switchboard-agent-'), makeTempDir('switchboard-other-')];
  const serves: ServeProcess[] = [];
  /** Every response body and header set, and what the team commands printed (init prints the team key, on purpose). */
  const seen: string[] = [];
  const printed: string[] = [];
  let fake: FakeUpstream;
  let adminUrl: string;
  let gatewayUrl: string;
  let teamKey: string;

  const team = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = spawnSync(process.execPath, [builtCli, 'team', ...args], {
      env: { ...process.env, SWITCHBOARD_TEAM_KEY: '', ...env },
      input: '',
      encoding: 'utf8',
    });
    printed.push(result.stdout, result.stderr);
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
  };
  const serve = async (dir: string, env: NodeJS.ProcessEnv) => {
    // Were the value in either machine's own vault, the other could not read it: a file vault per data directory.
    const started = await spawnServe(['--port', '0', '--data-dir', dir], {
      SWITCHBOARD_VAULT: 'file',
      SWITCHBOARD_MASTER_KEY: randomBytes(8).toString('hex'),
      ...env,
    });
    serves.push(started);
    return started;
  };
  const signIn = async (gateway: ServeProcess) => {
    const login = await fetch(gateway.lines['Admin UI']!, { redirect: 'manual' });
    return login.headers.get('set-cookie')!.split(';')[0]!;
  };
  const post = async (gateway: ServeProcess, cookie: string, route: string, body: unknown) => {
    const response = await fetch(`${gateway.lines['API']}${route}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    seen.push(text);
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> & { error?: { code: string; message: string } } };
  };

  beforeAll(async () => {
    fake = await startFakeUpstream();
    const roles = team([
      'roles',
      '--server-url',
      inject('postgresOwnerUrl'),
      '--database',
      names.database,
      '--admin-role',
      names.admin,
      '--gateway-role',
      names.gateway,
    ]);
    [adminUrl, gatewayUrl] = roles.split('\n').filter((line) => line.startsWith('postgres')) as [string, string];
    teamKey = team(['init', '--database-url', adminUrl]).trim();
  });
  afterAll(async () => {
    await Promise.all(serves.map((s) => s.stop()));
    await fake.close();
    for (const dir of dirs) dir.cleanup();
    await withClient(inject('postgresOwnerUrl'), async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${names.database} WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS ${names.admin}`);
      await c.query(`DROP ROLE IF EXISTS ${names.gateway}`);
    });
  });

  it('a key stored through the admin gateway is used by the proxy of a CI gateway on the gateway role', async () => {
    const admin = await serve(dirs[0]!.dir, { SWITCHBOARD_DATABASE_URL: adminUrl, SWITCHBOARD_TEAM_KEY: teamKey });
    const cookie = await signIn(admin);
    const secret = await post(admin, cookie, '/secrets', { name: 'anthropic key', value: canary });
    expect(secret.status).toBe(201);
    expect(secret.body.backend).toBe('team');
    const stored = await withClient(adminUrl, (c) => c.query('SELECT secret_id FROM team_secret_values'));
    expect(stored.rows).toEqual([{ secret_id: secret.body.id }]);
    const provider = await post(admin, cookie, '/ai-providers', {
      name: 'anthropic',
      provider: 'anthropic',
      defaultModel: 'claude-haiku-4-5',
      baseUrl: fake.url,
      secretId: secret.body.id,
    });
    expect(provider.status).toBe(201);
    const token = await post(admin, cookie, '/tokens', { name: 'ci', kind: 'job' });
    expect(token.status).toBe(201);

    const agent = await serve(dirs[1]!.dir, { SWITCHBOARD_DATABASE_URL: gatewayUrl, SWITCHBOARD_TEAM_KEY: teamKey });
    const response = await fetch(`${agent.lines['Agent endpoint']}/ai/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': token.body.value as string, 'content-type': 'application/json' },
      body: JSON.stringify({ max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const answer = await response.text();
    seen.push(answer, JSON.stringify(Object.fromEntries(response.headers)));
    expect(response.status, answer).toBe(200);
    expect(fake.received.at(-1)!.headers['x-api-key']).toBe(canary);

    // The CI gateway's role may not store provider keys: a clear 403, not a database error.
    const refused = await post(agent, await signIn(agent), '/secrets', { name: 'sneaky', value: `${canary}-2` });
    expect(refused.status).toBe(403);
    expect(refused.body.error!.message).toMatch(/admin connection/);
  });

  it('a gateway started with a wrong team key is refused at once, saying why', async () => {
    const wrongKey = `sbtk_${randomBytes(32).toString('base64url')}`;
    const refused = await serve(dirs[2]!.dir, { SWITCHBOARD_DATABASE_URL: gatewayUrl, SWITCHBOARD_TEAM_KEY: wrongKey }).catch(
      (error: unknown) => error as Error,
    );
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/serve exited 1/);
    expect((refused as Error).message).toMatch(/from SWITCHBOARD_TEAM_KEY does not match the team database's key-check value/);
    expect((refused as Error).message).not.toContain(wrongKey);
  });

  it('leaves the canary key nowhere: not in a dump of the team database, the logs or the responses', async () => {
    const pgDump = path.join(findPostgresBinaries().bin, 'pg_dump');
    const dump = spawnSync(pgDump, ['--no-owner', '--dbname', adminUrl], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(dump.status, dump.stderr).toBe(0);
    expect(dump.stdout).toContain('team_secret_values');
    expect(dump.stdout).not.toContain(canary);
    for (const gateway of serves) expect(gateway.stderr()).not.toContain(canary);
    for (const text of [...seen, ...printed]) expect(text).not.toContain(canary);
    for (const text of [...seen, ...serves.map((gateway) => gateway.stderr())]) expect(text).not.toContain(teamKey.slice(5));
  });
});
