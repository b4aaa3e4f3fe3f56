import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtCli, spawnServe, type ServeProcess } from '../support/built-cli';
import { connectStdio } from '../support/mcp-clients';
import { makeTempDir } from '../support/temp-dir';

describe('`switchboard serve` (the built bin)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.cleanup());

  it('prints one line per address, serves them, and stops cleanly on SIGTERM', async () => {
    const serve = await spawnServe(['--port', '0', '--data-dir', temp.dir], { SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'test' });
    const agent = serve.lines['Agent endpoint']!;
    expect(agent).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);
    const base = agent.replace(/\/v3$/, '');
    expect(serve.lines['API']).toBe(`${base}/api/v1`);
    expect(serve.lines['Admin UI']).toMatch(new RegExp(`^${base}/auth/login\\?token=`));
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await serve.stop('SIGTERM')).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it('stops cleanly on SIGINT too', async () => {
    const serve = await spawnServe(['--port', '0', '--data-dir', temp.dir], { SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'test' });
    expect(await serve.stop('SIGINT')).toBe(0);
  });

  it('warns visibly when the vault is the file fallback', async () => {
    const serve = await spawnServe(['--port', '0', '--data-dir', temp.dir], { SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'test' });
    await serve.stop();
    expect(serve.stderr()).toMatch(/^Vault: Secrets are kept in an encrypted file .* keyed by SWITCHBOARD_MASTER_KEY/m);
  });

  it('stores a secret on a first run with no keychain and no master key, in a key-file vault it names once', async () => {
    const noKeychain = { DBUS_SESSION_BUS_ADDRESS: undefined, SWITCHBOARD_VAULT: undefined, SWITCHBOARD_MASTER_KEY: undefined };
    const keyFile = path.join(temp.dir, 'vault.key');
    const storeSecret = async (serve: ServeProcess, name: string) => {
      const base = serve.lines['API']!;
      const cookie = (await fetch(serve.lines['Admin UI']!, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
      const created = await fetch(`${base}/secrets`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name, value: `sk-canary-${name}-1234567890` }),
      });
      expect(created.status).toBe(201);
      const status = (await (await fetch(`${base}/system/status`, { headers: { cookie } })).json()) as { vault: unknown };
      return { secret: await created.json(), status };
    };

    const first = await spawnServe(['--port', '0', '--data-dir', temp.dir], noKeychain);
    const { secret, status } = await storeSecret(first, 'first');
    expect(secret).toMatchObject({ name: 'first', backend: 'file' });
    expect(status.vault).toMatchObject({ backend: 'file', description: `file (key file at ${keyFile})` });
    expect(await first.stop()).toBe(0);
    const notices = first
      .stderr()
      .split('\n')
      .filter((line) => line.includes(keyFile));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^Vault: .*SWITCHBOARD_MASTER_KEY.*OS keychain/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    // A restart reuses the key file (the unit test reads a secret back across it).
    const key = readFileSync(keyFile, 'utf8');
    const second = await spawnServe(['--port', '0', '--data-dir', temp.dir], noKeychain);
    await storeSecret(second, 'second');
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
    expect(readFileSync(path.join(temp.dir, 'secrets.vault.json'), 'utf8')).not.toContain('canary');
    expect(await second.stop()).toBe(0);
  });

  it('refuses to start on a vault key file others can read, saying how to fix it', () => {
    writeFileSync(path.join(temp.dir, 'vault.key'), 'ab'.repeat(32) + '\n');
    chmodSync(path.join(temp.dir, 'vault.key'), 0o644);
    const result = spawnSync(process.execPath, [builtCli, 'serve', '--port', '0', '--data-dir', temp.dir], {
      env: { ...process.env, SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`run \`chmod 600 ${path.join(temp.dir, 'vault.key')}\``);
  });

  it('explains a busy port instead of crashing', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const result = spawnSync(process.execPath, [builtCli, 'serve', '--port', String(port), '--data-dir', temp.dir], {
      env: { ...process.env, SWITCHBOARD_VAULT: 'file' },
      encoding: 'utf8',
    });
    blocker.close();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
  });

  it('refuses a second gateway on a served data directory, naming the running one, while the CLI and mcp work beside it', async () => {
    const env = { SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'mcp-test-master-key' };
    const first = await spawnServe(['--port', '0', '--data-dir', temp.dir], env);
    try {
      const base = first.lines['API']!.replace(/\/api\/v1$/, '');
      const second = spawnSync(process.execPath, [builtCli, 'serve', '--port', '0', '--data-dir', temp.dir], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`already serving ${temp.dir} at ${base}`);
      expect(second.stderr).toContain(`pid ${first.child.pid}`);
      expect(second.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace

      const created = spawnSync(
        process.execPath,
        [builtCli, 'token', 'create', '--name', 'beside', '--all-permissions', '--data-dir', temp.dir],
        {
          env: { ...process.env, ...env },
          encoding: 'utf8',
        },
      );
      expect(created.status, created.stderr).toBe(0);
      const mcp = await connectStdio(temp.dir, created.stdout.trim());
      try {
        expect((await mcp.client.listTools()).tools.length).toBeGreaterThan(0);
      } finally {
        await mcp.client.close();
      }
      expect((await fetch(`${base}/healthz`)).status).toBe(200); // the first one is untouched
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(existsSync(path.join(temp.dir, 'gateway.lock'))).toBe(false);
  }, 60_000); // four processes start one after another

  it('takes over the lock of a gateway that died without releasing it', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(path.join(temp.dir, 'gateway.lock'), JSON.stringify({ pid: Number(gone.stdout), address: 'http://127.0.0.1:1' }));
    const serve = await spawnServe(['--port', '0', '--data-dir', temp.dir], { SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'test' });
    expect(await serve.stop()).toBe(0);
  });

  it('rejects bad arguments with usage and exit code 2', () => {
    for (const args of [['serve', '--port', 'abc'], ['serve', '--bogus'], ['frobnicate']]) {
      const result = spawnSync(process.execPath, [builtCli, ...args], { encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('Usage');
    }
  });

  it('refuses a database from a newer Switchboard and leaves it alone', () => {
    const db = new Database(path.join(temp.dir, 'switchboard.db'));
    db.pragma('user_version = 999');
    db.close();
    const result = spawnSync(process.execPath, [builtCli, 'serve', '--port', '0', '--data-dir', temp.dir], {
      env: { ...process.env, SWITCHBOARD_VAULT: 'file' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('newer than this Switchboard supports');
    const again = new Database(path.join(temp.dir, 'switchboard.db'));
    expect(again.pragma('user_version', { simple: true })).toBe(999);
    again.close();
  });
});
