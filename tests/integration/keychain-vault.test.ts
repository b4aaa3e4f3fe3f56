import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeychainVault, isKeychainReachable } from '../../electron/core/secrets/keychain-vault';

/**
 * The real OS keychain. `npm test` runs this inside a private D-Bus session with gnome-keyring
 * unlocked; run alone without one, it fails and says so.
 */
describe('the OS keychain vault', () => {
  const vault = createKeychainVault('switchboard-test');

  it('is reachable (run through `npm test`, which starts gnome-keyring)', async () => {
    expect(await isKeychainReachable()).toBe(true);
  });

  it('stores, reads, replaces and deletes a value', async () => {
    const id = `sec_${randomUUID().replaceAll('-', '')}`;
    await vault.set(id, 'sk-canary-keychain-1');
    expect(await vault.get(id)).toBe('sk-canary-keychain-1');
    await vault.set(id, 'sk-canary-keychain-2');
    expect(await vault.get(id)).toBe('sk-canary-keychain-2');
    await vault.delete(id);
    expect(await vault.get(id)).toBeNull();
  });

  it('reports itself as the keychain backend with no warning', () => {
    expect(vault.backend).toBe('keychain');
    expect(vault.warning).toBeNull();
  });
});
