import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log';
import { createFileVault, fileVaultHoldsSecrets, keyFileVaultKey, masterKeyVaultKey, type FileVaultKey } from './file-vault';
import { createKeychainVault, isKeychainReachable } from './keychain-vault';
import { readRecordedBackend, type LocalBackend } from './recorded-backend';
import type { SecretVault } from './secret-vault';
import { loadOrCreateVaultKeyFile } from './vault-key-file';

export type VaultChoice = 'auto' | 'keychain' | 'file';

export interface VaultPlace {
  dataDir: string;
  masterKey: string | undefined;
}

/**
 * The OS keychain when reachable; otherwise the encrypted file vault, keyed by
 * SWITCHBOARD_MASTER_KEY or, failing that, by a generated key file beside the database, so a first
 * run can store secrets at once. `file` can also be chosen outright (SWITCHBOARD_VAULT=file) for
 * servers that should not touch a keychain. Under `auto`, a backend the secrets were moved to
 * (Settings, `switchboard vault move`) is used as recorded. The caller shows the file vault's warning.
 */
export async function chooseVault(options: VaultPlace & { choice: VaultChoice; log: Logger }): Promise<SecretVault> {
  const { choice, log } = options;
  const recorded = choice === 'auto' ? readRecordedBackend(options.dataDir) : null;
  // Secrets a first run without a keychain put in the file stay there until an admin moves them.
  const fileInUse = recorded === null && fileVaultHoldsSecrets(path.join(options.dataDir, 'secrets.vault.json'));
  if (choice === 'keychain' || recorded === 'keychain' || (choice === 'auto' && !recorded && !fileInUse && (await isKeychainReachable()))) {
    return createKeychainVault();
  }
  const vault = openVaultBackend('file', options);
  // Debug only: `serve` prints the warning as its one Vault line, the desktop app in a dialog.
  log.debug(choice === 'file' ? 'file vault chosen' : 'no OS keychain reachable; using the file vault', { vault: vault.description });
  return vault;
}

/** One backend, opened as it would be at a start (the file vault with the key it would use). */
export function openVaultBackend(backend: LocalBackend, place: VaultPlace): SecretVault {
  if (backend === 'keychain') return createKeychainVault();
  const vaultFile = path.join(place.dataDir, 'secrets.vault.json');
  return createFileVault(vaultFile, fileVaultKey(vaultFile, place.dataDir, place.masterKey));
}

/** Why the file vault cannot be opened here (no key for the secrets it holds); null when it can. */
export function fileVaultKeyProblem(place: VaultPlace): string | null {
  if (place.masterKey) return null;
  const vaultFile = path.join(place.dataDir, 'secrets.vault.json');
  // Secrets sealed with a master key that is no longer set: a fresh key would hide them for good.
  if (!existsSync(path.join(place.dataDir, 'vault.key')) && fileVaultHoldsSecrets(vaultFile)) {
    return `No OS keychain is reachable and SWITCHBOARD_MASTER_KEY is not set, but ${vaultFile} holds secrets sealed with a master key: set SWITCHBOARD_MASTER_KEY to that key and start again.`;
  }
  return null;
}

function fileVaultKey(vaultFile: string, dataDir: string, masterKey: string | undefined): FileVaultKey | { missing: string } {
  if (masterKey) return masterKeyVaultKey(masterKey);
  const missing = fileVaultKeyProblem({ dataDir, masterKey });
  if (missing) return { missing };
  const keyFile = path.join(dataDir, 'vault.key');
  return keyFileVaultKey(loadOrCreateVaultKeyFile(keyFile).key, keyFile);
}
