import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { type SecretVault, VaultUnavailableError } from './secret-vault';

export const fileVaultWarning =
  'Secrets are kept in an encrypted file (AES-256-GCM) keyed by SWITCHBOARD_MASTER_KEY because no OS keychain is reachable. Anyone with that key and the data directory can read them.';

interface SealedValue {
  iv: string;
  tag: string;
  data: string;
}

/**
 * AES-256-GCM with a random 96-bit IV per value, for machines without a Secret Service.
 * The master key never touches the disk; without it the vault refuses to work.
 */
export function createFileVault(file: string, masterKey: string | undefined): SecretVault {
  const key = masterKey ? deriveKey(masterKey) : null;
  const requireKey = (): Buffer => {
    if (!key) throw new VaultUnavailableError('No OS keychain is reachable and SWITCHBOARD_MASTER_KEY is not set.');
    return key;
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
    warning: key ? fileVaultWarning : 'No OS keychain is reachable and SWITCHBOARD_MASTER_KEY is not set: secrets cannot be stored.',
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
        throw new VaultUnavailableError('The file vault could not be decrypted: SWITCHBOARD_MASTER_KEY does not match the key it was written with.');
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

/** Any passphrase becomes a 256-bit key; a 64-hex-digit key is used as is. */
function deriveKey(masterKey: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(masterKey)) return Buffer.from(masterKey, 'hex');
  return createHash('sha256').update('switchboard-file-vault\0').update(masterKey).digest();
}
