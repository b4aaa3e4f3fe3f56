import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { builtCli, spawnServe, type ServeProcess } from '../support/built-cli';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { uniqueRoleName, withClient } from '../support/postgres-database';
import { makeTempDir } from '../support/temp-dir';

/**
 * `switchboard team rotate-key` while two gateway processes of the team run on one database and
 * one machine's keychain (gnome-keyring in the test D-Bus session), as an admin's desktop and a
 * local agent do. Neither restarts: each hears the rotation's change notice, drops the decrypted
 * keys its proxy cached, takes the new team key from the keychain and opens the re-wrapped data
 * keys with it; a value stored after the rotation is used by both.
 */
describe('team rotate-key with other gateways running', { timeout: 120_000 }, () => {
  const before = `sk-ant-before-${randomBytes(8).toString('hex')}`;
  const after = `sk-ant-after-${randomBytes(8).toString('hex')}`;
  const names = { database: uniqueRoleName('teamrot'), admin: uniqueRoleName('admin'), gateway: uniqueRoleName('gateway') };
  const dirs = [makeTempDir('switchboard-first-'), makeTempDir('switchboard-second-')];
  const serves: ServeProcess[] = [];
  let fake: FakeUpstream;
  let adminUrl: string;

  const team = (args: string[]) => {
    const result = spawnSync(process.execPath, [builtCli, 'team', ...args], {
      env: { ...process.env, SWITCHBOARD_TEAM_KEY: '', SWITCHBOARD_DATABASE_URL: '' },
      input: '',
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
  };
  // The team key comes from the keychain (no SWITCHBOARD_TEAM_KEY), where rotate-key puts the new one.
  const serve = async (dir: string) => {
    const started = await spawnServe(['--port', '0', '--data-dir', dir], {
      SWITCHBOARD_DATABASE_URL: adminUrl,
      SWITCHBOARD_TEAM_KEY: '',
      SWITCHBOARD_VAULT: 'file',
      SWITCHBOARD_MASTER_KEY: randomBytes(8).toString('hex'),
    });
    serves.push(started);
    return started;
  };
  const signIn = async (gateway: ServeProcess) => {
    const login = await fetch(gateway.lines['Admin UI']!, { redirect: 'manual' });
    return login.headers.get('set-cookie')!.split(';')[0]!;
  };
  const call = async (gateway: ServeProcess, cookie: string, method: string, route: string, body?: unknown) => {
    const response = await fetch(`${gateway.lines['API']}${route}`, {
      method,
      headers: { cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** One proxied request; the provider key the fake upstream received, or the error status. */
  const ask = async (gateway: ServeProcess, token: string) => {
    const response = await fetch(`${gateway.lines['Agent endpoint']}/ai/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': token, 'content-type': 'application/json' },
      body: JSON.stringify({ max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await response.text();
    return response.status === 200 ? { status: 200, key: fake.received.at(-1)!.headers['x-api-key'] } : { status: response.status, text };
  };
  /** Asks until the gateway has taken in another process's change (bounded): the change notice is the signal, its arrival the wait. */
  const askUntil = async (gateway: ServeProcess, token: string, done: (answer: Awaited<ReturnType<typeof ask>>) => boolean) => {
    let answer = await ask(gateway, token);
    for (let i = 0; i < 200 && !done(answer); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      answer = await ask(gateway, token);
    }
    return answer;
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
    adminUrl = roles.split('\n').find((line) => line.startsWith('postgres'))!;
    team(['init', '--database-url', adminUrl]);
  }, 90_000);
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

  it('both keep answering with the provider key, re-read under the new wrapping, and both use a value stored after it', async () => {
    const first = await serve(dirs[0]!.dir);
    // One login link works at a time across the team: sign in before the second gateway prints its own.
    const cookie = await signIn(first);
    const second = await serve(dirs[1]!.dir);
    const secret = await call(first, cookie, 'POST', '/secrets', { name: 'anthropic key', value: before });
    expect(secret.status).toBe(201);
    const provider = await call(first, cookie, 'POST', '/ai-providers', {
      name: 'anthropic',
      provider: 'anthropic',
      defaultModel: 'claude-haiku-4-5',
      baseUrl: fake.url,
      secretId: secret.body.id,
    });
    expect(provider.status).toBe(201);
    const tokens: { id: string; value: string }[] = [];
    for (const name of ['one', 'two']) {
      const created = await call(first, cookie, 'POST', '/tokens', { name, kind: 'job' });
      expect(created.status).toBe(201);
      tokens.push({ id: (created.body.token as { id: string }).id, value: created.body.value as string });
    }
    // Both gateways have the decrypted key in their proxy's cache.
    expect(await ask(first, tokens[1]!.value)).toEqual({ status: 200, key: before });
    expect(await ask(second, tokens[1]!.value)).toEqual({ status: 200, key: before });

    team(['rotate-key', '--database-url', adminUrl]);

    // A change after the rotation: once the second gateway refuses the revoked token, it has heard
    // every notice before it (one LISTEN connection, in commit order), the rotation's among them.
    expect((await call(first, cookie, 'DELETE', `/tokens/${tokens[0]!.id}`)).status).toBe(200);
    expect(await askUntil(second, tokens[0]!.value, (answer) => answer.status === 401)).toMatchObject({ status: 401 });
    // Its caches were dropped: the key is read again, its data key opened under the new team key.
    expect(await ask(second, tokens[1]!.value)).toEqual({ status: 200, key: before });
    expect(await ask(first, tokens[1]!.value)).toEqual({ status: 200, key: before });

    // A value stored after the rotation, through the gateway that started with the old key.
    const rotated = await call(first, cookie, 'POST', `/secrets/${secret.body.id as string}/rotate`, { value: after });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(await ask(first, tokens[1]!.value)).toEqual({ status: 200, key: after });
    expect(await askUntil(second, tokens[1]!.value, (answer) => answer.status === 200 && answer.key === after)).toEqual({
      status: 200,
      key: after,
    });
    for (const gateway of serves) expect(gateway.stderr()).not.toMatch(/does not match the team database's key-check value/);
  });
});
