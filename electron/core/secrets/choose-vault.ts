import path from 'node:path';
import type { Logger } from '../log';
import { createFileVault } from './file-vault';
import { createKeychainVault, isKeychainReachable } from './keychain-vault';
import type { SecretVault } from './secret-vault';

export type VaultChoice = 'auto' | 'keychain' | 'file';

/**
 * The OS keychain when reachable; otherwise the encrypted file vault, loudly. `file` can also be
 * chosen outright (SWITCHBOARD_VAULT=file) for servers that should not touch a keychain.
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
  const vault = createFileVault(path.join(dataDir, 'secrets.vault.json'), masterKey);
  log.warn(choice === 'file' ? 'file vault chosen' : 'no OS keychain reachable; using the file vault', {
    warning: vault.warning,
  });
  return vault;
}
