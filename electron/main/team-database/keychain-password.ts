import type { SecretVault } from '../../core/secrets/secret-vault';
import type { PasswordKeychain } from './team-database-settings';

/** The keychain service the team database's password is kept under, apart from provider keys. */
export const teamDatabaseKeychainService = 'switchboard-team-database';

/** One keychain entry through a vault: `createKeychainVault(teamDatabaseKeychainService)` in the app, a memory vault in tests. */
export function keychainPassword(vault: SecretVault): PasswordKeychain {
  const account = 'password';
  return {
    get: () => vault.get(account),
    set: (password) => vault.set(account, password),
    delete: () => vault.delete(account),
  };
}
