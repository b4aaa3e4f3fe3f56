import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PostgresAuthError } from '../../../electron/core/db/postgres/errors';
import { createMemoryLogger } from '../../../electron/core/log';
import { createMemoryVault } from '../../../electron/core/secrets/memory-vault';
import { packagedRendererUrl } from '../../../electron/main/renderer-origin';
import { keychainPassword } from '../../../electron/main/team-database/keychain-password';
import { createTeamDatabaseIpcHandler } from '../../../electron/main/team-database/team-database-ipc';
import { createTeamDatabaseSettings } from '../../../electron/main/team-database/team-database-settings';
import { makeTempDir } from '../../support/temp-dir';

const password = 'p@ss:w/rd-canary';
const url = `postgres://admin:${encodeURIComponent(password)}@db.internal:5432/switchboard`;

describe('Settings → Team database (main process)', () => {
  const temps: ReturnType<typeof makeTempDir>[] = [];
  afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

  function setup(probe: (url: string) => Promise<string> = async () => 'Connected.') {
    const temp = makeTempDir();
    temps.push(temp);
    const vault = createMemoryVault();
    const probed: string[] = [];
    const settings = createTeamDatabaseSettings({
      dataDir: temp.dir,
      keychain: keychainPassword(vault),
      probe: (tried) => (probed.push(tried), probe(tried)),
      inUse: () => 'sqlite',
    });
    return { settings, vault, probed, file: path.join(temp.dir, 'team-database.json') };
  }

  it('keeps the URL without its password in the data directory and the password in the keychain, and gives the whole URL back', async () => {
    const { settings, vault, file, probed } = setup();
    expect(await settings.databaseUrl()).toBeNull();
    const status = await settings.connect(url);
    expect(probed).toEqual([url]);
    expect(status).toEqual({ savedUrl: 'postgres://admin@db.internal:5432/switchboard', inUse: 'sqlite', restartNeeded: true });
    const saved = readFileSync(file, 'utf8');
    expect(saved).not.toContain('canary');
    expect(JSON.parse(saved)).toEqual({ url: 'postgres://admin@db.internal:5432/switchboard' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(vault.size()).toBe(1);
    expect(await settings.databaseUrl()).toBe(url);
    expect(new URL((await settings.databaseUrl())!).password).toBe(encodeURIComponent(password));
  });

  it('refuses to save a database the test cannot use, saying why, and keeps nothing', async () => {
    const { settings, vault, file } = setup(async () => {
      throw new PostgresAuthError('The team database refused the password for role "admin".');
    });
    expect(await settings.test(url)).toEqual({ ok: false, message: 'The team database refused the password for role "admin".' });
    await expect(settings.connect(url)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('refused the password'),
    });
    expect(existsSync(file)).toBe(false);
    expect(vault.size()).toBe(0);
  });

  it('forgets the URL and the password on disconnect', async () => {
    const { settings, vault, file } = setup();
    await settings.connect(url);
    expect(await settings.disconnect()).toEqual({ savedUrl: null, inUse: 'sqlite', restartNeeded: false });
    expect(existsSync(file)).toBe(false);
    expect(vault.size()).toBe(0);
    expect(await settings.databaseUrl()).toBeNull();
  });

  it('answers only the app’s own renderer, and checks each request against its schema', async () => {
    const { settings } = setup();
    const handle = createTeamDatabaseIpcHandler({ settings, log: createMemoryLogger(), rendererUrl: packagedRendererUrl });
    const ours = { senderFrame: { url: 'app://switchboard/index.html' } } as never;
    expect(await handle({ senderFrame: { url: 'https://evil.example/' } } as never, { action: 'status' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await handle(ours, { action: 'connect' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await handle(ours, { action: 'test', url })).toEqual({ ok: true, value: { ok: true, message: 'Connected.' } });
    expect(await handle(ours, { action: 'status' })).toEqual({
      ok: true,
      value: { savedUrl: null, inUse: 'sqlite', restartNeeded: false },
    });
  });
});
