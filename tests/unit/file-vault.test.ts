import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileVault, masterKeyVaultKey } from '../../electron/core/secrets/file-vault';
import { VaultUnavailableError } from '../../electron/core/secrets/secret-vault';
import { makeTempDir } from '../support/temp-dir';

describe('the encrypted file vault', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    temp = makeTempDir();
    file = path.join(temp.dir, 'vault.json');
  });
  afterEach(() => temp.cleanup());

  it('round-trips values and never writes them in clear', async () => {
    const vault = createFileVault(file, masterKeyVaultKey('correct horse battery staple'));
    await vault.set('sec_a', 'sk-canary-file-vault-1234567890');
    expect(await vault.get('sec_a')).toBe('sk-canary-file-vault-1234567890');
    expect(readFileSync(file, 'utf8')).not.toContain('canary');
    expect(vault.warning).toMatch(/encrypted file/);
  });

  it('uses a fresh IV for every value', async () => {
    const vault = createFileVault(file, masterKeyVaultKey('k'));
    await vault.set('sec_a', 'same');
    await vault.set('sec_b', 'same');
    const sealed = JSON.parse(readFileSync(file, 'utf8'));
    expect(sealed.sec_a.iv).not.toBe(sealed.sec_b.iv);
    expect(sealed.sec_a.data).not.toBe(sealed.sec_b.data);
  });

  it('refuses a wrong master key and a missing one with a clear error', async () => {
    await createFileVault(file, masterKeyVaultKey('right')).set('sec_a', 'v');
    await expect(createFileVault(file, masterKeyVaultKey('wrong')).get('sec_a')).rejects.toThrow(/does not match/);
    const keyless = createFileVault(file, { missing: 'SWITCHBOARD_MASTER_KEY is not set (test)' });
    await expect(keyless.set('sec_b', 'v')).rejects.toBeInstanceOf(VaultUnavailableError);
    await expect(keyless.get('sec_a')).rejects.toThrow(/SWITCHBOARD_MASTER_KEY is not set/);
  });

  it('deletes values', async () => {
    const vault = createFileVault(file, masterKeyVaultKey('k'));
    await vault.set('sec_a', 'v');
    await vault.delete('sec_a');
    expect(await vault.get('sec_a')).toBeNull();
  });
});
