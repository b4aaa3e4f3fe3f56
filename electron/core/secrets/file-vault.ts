import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { type SecretVault, VaultUnavailableError } from './secret-vault';

/** The 256-bit key the file vault seals with, and where it came from, in words for the status. */
export interface FileVaultKey {
  bytes: Buffer;
  /** `SWITCHBOARD_MASTER_KEY` or `key file at /path/vault.key`. */
  source: string;
  /** How to move off this key, for the notice; says which other backends exist. */
  warning: string;
}

interface SealedValue {
  iv: string;
  tag: string;
  data: string;
}

export function masterKeyVaultKey(masterKey: string): FileVaultKey {
  return {
    bytes: deriveKey(masterKey),
    source: 'SWITCHBOARD_MASTER_KEY',
    warning:
      'Secrets are kept in an encrypted file (AES-256-GCM) keyed by SWITCHBOARD_MASTER_KEY, not the OS keychain: anyone with that key and the data directory can read them.',
  };
}

export function keyFileVaultKey(bytes: Buffer, keyFile: string): FileVaultKey {
  return {
    bytes,
    source: `key file at ${keyFile}`,
    warning:
      `Secrets are kept in an encrypted file (AES-256-GCM) whose key is in ${keyFile} (mode 0600), not the OS keychain; ` +
      `to keep the key elsewhere set SWITCHBOARD_MASTER_KEY to that file's contents and delete the file, or, where an OS keychain is reachable, move them to it in Settings (or with "switchboard vault move --to keychain").`,
  };
}

/**
 * AES-256-GCM with a random 96-bit IV per value, for machines without a Secret Service. Without
 * a key (`missing` says why) the vault refuses to work rather than store anything in clear.
 */
export function createFileVault(file: string, key: FileVaultKey | { missing: string }): SecretVault {
  const requireKey = (): Buffer => {
    if ('missing' in key) throw new VaultUnavailableError(key.missing);
    return key.bytes;
  };
  const load = (): Record<string, SealedValue> => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {});
  const save = (all: Record<string, SealedValue>) => {
    const temporary = `${file}.tmp`;
    rmSync(temporary, { force: true }); // a leftover keeps its old mode: `mode` applies only to a new file
    writeFileSync(temporary, JSON.stringify(all), { mode: 0o600 });
    renameSync(temporary, file);
  };
  return {
    backend: 'file',
    description: 'missing' in key ? 'file (no key)' : `file (${key.source})`,
    warning: 'missing' in key ? key.missing : key.warning,
    async set(secretId, value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', requireKey(), iv);
      cipher.setAAD(Buffer.from(secretId));
      const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      const all = load();
      all[secretId] = { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
      save(all);
    },
    async get(secretId) {
      const sealed = load()[secretId];
      if (!sealed) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', requireKey(), Buffer.from(sealed.iv, 'base64'));
        decipher.setAAD(Buffer.from(secretId));
        decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
      } catch (error) {
        if (error instanceof VaultUnavailableError) throw error;
        const source = 'missing' in key ? 'the key' : key.source;
        throw new VaultUnavailableError(`The file vault could not be decrypted: ${source} does not match the key it was written with.`);
      }
    },
    async delete(secretId) {
      requireKey();
      const all = load();
      if (secretId in all) {
        delete all[secretId];
        save(all);
      }
    },
  };
}

/** Any passphrase becomes a 256-bit key; a 64-hex-digit key (a key file's contents) is used as is. */
function deriveKey(masterKey: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(masterKey)) return Buffer.from(masterKey, 'hex');
  return createHash('sha256').update('switchboard-file-vault\0').update(masterKey).digest();
}

/** True when the vault file already holds sealed values (then a fresh key would lock them away). */
export function fileVaultHoldsSecrets(file: string): boolean {
  return existsSync(file) && Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object).length > 0;
}
