import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtCli, spawnServe, type ServeProcess } from '../support/built-cli';
import { makeTempDir } from '../support/temp-dir';

const serveOn = (dataDir: string, args: string[]) =>
  spawnServe(['--data-dir', dataDir, ...args], { SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'test' });

async function signIn(loginUrl: string): Promise<string> {
  const response = await fetch(loginUrl, { redirect: 'manual' });
  expect(response.status).toBe(303);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

const statusWith = (serve: ServeProcess, cookie: string) =>
  fetch(`${serve.lines['API']}/system/status`, { headers: { cookie } }).then((r) => r.status);

/** Blocking is fine: the gateway it talks to is another process. */
const login = (dataDir: string) => spawnSync(process.execPath, [builtCli, 'login', '--data-dir', dataDir], { encoding: 'utf8' });

describe('signing in to the admin UI of `switchboard serve` (the built bin)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  const running: ServeProcess[] = [];
  beforeEach(() => (temp = makeTempDir()));
  afterEach(async () => {
    for (const serve of running.splice(0)) await serve.stop();
    temp.cleanup();
  });
  const start = async (args: string[] = []) => {
    const serve = await serveOn(temp.dir, args);
    running.push(serve);
    return serve;
  };
  const stop = async (serve: ServeProcess) => {
    running.splice(running.indexOf(serve), 1);
    expect(await serve.stop()).toBe(0);
  };

  it('keeps the session across a gateway restart, and sign-out ends it', async () => {
    const first = await start();
    const cookie = await signIn(first.lines['Admin UI']!);
    expect(await statusWith(first, cookie)).toBe(200);
    await stop(first);

    const second = await start();
    expect(await statusWith(second, cookie)).toBe(200);
    const origin = new URL(second.lines['API']!).origin;
    const signedOut = await fetch(`${origin}/auth/logout`, { method: 'POST', headers: { cookie, origin } });
    expect(signedOut.status).toBe(204);
    expect(signedOut.headers.get('set-cookie')).toMatch(/^sb_admin=;.*Max-Age=0/);
    expect(await statusWith(second, cookie)).toBe(401);
  });

  it('`switchboard login` prints a working one-time link from the running gateway, and a used link says to run it', async () => {
    // --port 0 is never remembered: `login` finds the gateway through the data directory's lock file.
    const serve = await start(['--port', '0']);
    const printed = login(temp.dir);
    expect(printed.status).toBe(0);
    const link = printed.stdout.match(/^Admin UI: (\S+)$/m)![1]!;
    expect(new URL(link).origin).toBe(new URL(serve.lines['API']!).origin);
    const cookie = await signIn(link);
    expect(await statusWith(serve, cookie)).toBe(200);

    const reused = await fetch(link, { redirect: 'manual' });
    expect(reused.status).toBe(401);
    expect(reused.headers.get('content-type')).toContain('text/html');
    const page = await reused.text();
    expect(page).toContain('<style>');
    expect(page).toContain('already used');
    expect(page).toContain('<code>switchboard login</code>');
    expect(page).toContain('<code>npx switchboard login</code>');
    // The link serve printed at start was replaced by the fresh one.
    expect((await fetch(serve.lines['Admin UI']!, { redirect: 'manual' })).status).toBe(401);
  });

  it('`switchboard login` says so when no gateway runs on the data directory', async () => {
    const result = login(temp.dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/No Switchboard gateway answers for .*Start it with `switchboard serve`/);
  });
});
