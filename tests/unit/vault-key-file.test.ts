import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseVault } from '../../electron/core/secrets/choose-vault';
import { createFileVault, masterKeyVaultKey } from '../../electron/core/secrets/file-vault';
import { VaultUnavailableError } from '../../electron/core/secrets/secret-vault';
import { createMemoryLogger } from '../../electron/core/log';
import { makeTempDir } from '../support/temp-dir';

/** A machine with no keychain and no SWITCHBOARD_MASTER_KEY: what a first run gets. */
const openVault = (dataDir: string, masterKey?: string) => chooseVault({ choice: 'file', dataDir, masterKey, log: createMemoryLogger() });

describe('the generated vault key file', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let keyFile: string;
  beforeEach(() => {
    temp = makeTempDir();
    keyFile = path.join(temp.dir, 'vault.key');
  });
  afterEach(() => temp.cleanup());

  it('is created 0600 with a 256-bit key, outside the database, and named by the vault', async () => {
    const vault = await openVault(temp.dir);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(vault.description).toBe(`file (key file at ${keyFile})`);
    expect(vault.warning).toContain(keyFile);
    expect(vault.warning).toMatch(/SWITCHBOARD_MASTER_KEY/);
    expect(vault.warning).toMatch(/OS keychain/);
  });

  it('is reused after a restart, so secrets stored before it can be read after it', async () => {
    await (await openVault(temp.dir)).set('sec_a', 'sk-canary-key-file-1234567890');
    const key = readFileSync(keyFile, 'utf8');
    const restarted = await openVault(temp.dir);
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
    expect(await restarted.get('sec_a')).toBe('sk-canary-key-file-1234567890');
    expect(readFileSync(path.join(temp.dir, 'secrets.vault.json'), 'utf8')).not.toContain('canary');
  });

  it('can be moved to SWITCHBOARD_MASTER_KEY by setting the key to its contents', async () => {
    await (await openVault(temp.dir)).set('sec_a', 'moved');
    const key = readFileSync(keyFile, 'utf8').trim();
    const vault = createFileVault(path.join(temp.dir, 'secrets.vault.json'), masterKeyVaultKey(key));
    expect(await vault.get('sec_a')).toBe('moved');
  });

  it('is refused when others can read it', async () => {
    writeFileSync(keyFile, 'ab'.repeat(32) + '\n', { mode: 0o644 });
    chmodSync(keyFile, 0o644);
    const refusal = openVault(temp.dir);
    await expect(refusal).rejects.toBeInstanceOf(VaultUnavailableError);
    await expect(refusal).rejects.toThrow(`run \`chmod 600 ${keyFile}\``);
  });

  it('is not generated over secrets sealed with a master key that is no longer set', async () => {
    await (await openVault(temp.dir, 'the old master key')).set('sec_a', 'v');
    const vault = await openVault(temp.dir);
    expect(vault.description).toBe('file (no key)');
    await expect(vault.get('sec_a')).rejects.toThrow(/set SWITCHBOARD_MASTER_KEY/);
    expect(() => statSync(keyFile)).toThrow();
  });

  it('is not used when SWITCHBOARD_MASTER_KEY is set', async () => {
    const vault = await openVault(temp.dir, 'a master key');
    expect(vault.description).toBe('file (SWITCHBOARD_MASTER_KEY)');
    expect(() => statSync(keyFile)).toThrow();
  });
});
