import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log';
import { createFileVault, fileVaultHoldsSecrets, keyFileVaultKey, masterKeyVaultKey, type FileVaultKey } from './file-vault';
import { createKeychainVault, isKeychainReachable } from './keychain-vault';
import type { SecretVault } from './secret-vault';
import { loadOrCreateVaultKeyFile } from './vault-key-file';

export type VaultChoice = 'auto' | 'keychain' | 'file';

/**
 * The OS keychain when reachable; otherwise the encrypted file vault, keyed by
 * SWITCHBOARD_MASTER_KEY or, failing that, by a generated key file beside the database, so a first
 * run can store secrets at once. `file` can also be chosen outright (SWITCHBOARD_VAULT=file) for
 * servers that should not touch a keychain. The caller shows the file vault's warning.
 */
export async function chooseVault(options: {
  choice: VaultChoice;
  dataDir: string;
  masterKey: string | undefined;
  log: Logger;
}): Promise<SecretVault> {
  const { choice, dataDir, masterKey, log } = options;
  if (choice === 'keychain' || (choice === 'auto' && (await isKeychainReachable()))) {
    return createKeychainVault();
  }
  const vaultFile = path.join(dataDir, 'secrets.vault.json');
  const vault = createFileVault(vaultFile, fileVaultKey(vaultFile, dataDir, masterKey));
  // Debug only: `serve` prints the warning as its one Vault line, the desktop app in a dialog.
  log.debug(choice === 'file' ? 'file vault chosen' : 'no OS keychain reachable; using the file vault', { vault: vault.description });
  return vault;
}

function fileVaultKey(vaultFile: string, dataDir: string, masterKey: string | undefined): FileVaultKey | { missing: string } {
  if (masterKey) return masterKeyVaultKey(masterKey);
  const keyFile = path.join(dataDir, 'vault.key');
  // Secrets sealed with a master key that is no longer set: a fresh key would hide them for good.
  if (!existsSync(keyFile) && fileVaultHoldsSecrets(vaultFile)) {
    return {
      missing: `No OS keychain is reachable and SWITCHBOARD_MASTER_KEY is not set, but ${vaultFile} holds secrets sealed with a master key: set SWITCHBOARD_MASTER_KEY to that key and start again.`,
    };
  }
  return keyFileVaultKey(loadOrCreateVaultKeyFile(keyFile).key, keyFile);
}
