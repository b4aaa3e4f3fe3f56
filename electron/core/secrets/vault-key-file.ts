import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { VaultUnavailableError } from './secret-vault';

/**
 * The generated vault key of a machine without a keychain or SWITCHBOARD_MASTER_KEY: 256 random
 * bits, hex, in a file only its owner can read, kept beside (never inside) the database, the way
 * Grafana and Gitea keep theirs.
 */
export function loadOrCreateVaultKeyFile(file: string): { key: Buffer; created: boolean } {
  const created = createKeyFileOnce(file);
  refuseSharedKeyFile(file);
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new VaultUnavailableError(`The vault key file ${file} does not hold a 64-hex-digit key; restore it from a backup.`);
  }
  return { key: Buffer.from(text, 'hex'), created };
}

/**
 * Written whole under a private name (O_EXCL), then linked into place: link() refuses an existing
 * name, so two processes starting together keep one key and neither ever reads a half-written file.
 */
function createKeyFileOnce(file: string): boolean {
  if (existsSync(file)) return false;
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  const fd = openSync(draft, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, randomBytes(32).toString('hex') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

/** A key others can read protects nothing: say so rather than use it. */
function refuseSharedKeyFile(file: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new VaultUnavailableError(
      `The vault key file ${file} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}); run \`chmod 600 ${file}\` and start again.`,
    );
  }
}
