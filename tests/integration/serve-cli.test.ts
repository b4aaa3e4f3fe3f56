import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtCli, spawnServe } from '../support/built-cli';
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
    expect(serve.stderr()).toMatch(/Warning: Secrets are kept in an encrypted file/);
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
