import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The team key: 256 random bits, written `sbtk_` + 43 base64url characters so that a person
 * copying it can tell it from a provider key or a Switchboard token. It never reaches the database:
 * only a key-check value derived from it does.
 */
export interface TeamKey {
  /** Wraps and unwraps the data keys (derived, so the key check reveals nothing about it). */
  readonly wrappingKey: Buffer;
  /** Stored in the team database; a key whose check differs is the wrong key. */
  readonly check: Buffer;
}

const prefix = 'sbtk_';
const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;
/** The first byte of every sealed blob: the layout below, so a later one can be told apart. */
const formatVersion = 1;

/** A fresh team key as text, to be shown once. */
export function generateTeamKey(): string {
  return prefix + randomBytes(keyBytes).toString('base64url');
}

/** Null when `text` is not a team key (the message to show is the caller's: it knows where the text came from). */
export function parseTeamKey(text: string): TeamKey | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith(prefix)) return null;
  const body = trimmed.slice(prefix.length);
  if (!/^[A-Za-z0-9_-]{43}$/.test(body)) return null;
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length !== keyBytes) return null;
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', bytes, Buffer.alloc(0), info, keyBytes));
  return { wrappingKey: derive('switchboard team vault: wrapping key v1'), check: derive('switchboard team vault: key check v1') };
}

export function sameKeyCheck(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Associated data: a blob moved to another secret's row, or a data key used as a value, fails to open. */
const dataKeyContext = (secretId: string) => Buffer.from(`switchboard team data key\0${secretId}`);
const valueContext = (secretId: string) => Buffer.from(`switchboard team secret value\0${secretId}`);

/** version ‖ iv ‖ tag ‖ ciphertext */
function seal(key: Buffer, plaintext: Buffer, context: Buffer): Buffer {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(context);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([formatVersion]), iv, cipher.getAuthTag(), data]);
}

/** Null when the blob does not open under `key` for `context` (wrong key, altered, or another secret's). */
function open(key: Buffer, blob: Buffer, context: Buffer): Buffer | null {
  if (blob.length < 1 + ivBytes + tagBytes || blob[0] !== formatVersion) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(1, 1 + ivBytes));
    decipher.setAAD(context);
    decipher.setAuthTag(blob.subarray(1 + ivBytes, 1 + ivBytes + tagBytes));
    return Buffer.concat([decipher.update(blob.subarray(1 + ivBytes + tagBytes)), decipher.final()]);
  } catch {
    return null;
  }
}

/** What the team database keeps for one secret: its data key wrapped by the team key, and its value sealed by the data key. */
export interface SealedSecret {
  secretId: string;
  wrappedKey: Buffer;
  sealedValue: Buffer;
}

/** A fresh data key for this secret, wrapped; the value sealed under it. */
export function sealSecret(teamKey: TeamKey, secretId: string, value: string): SealedSecret {
  const dataKey = randomBytes(keyBytes);
  try {
    return {
      secretId,
      wrappedKey: seal(teamKey.wrappingKey, dataKey, dataKeyContext(secretId)),
      sealedValue: seal(dataKey, Buffer.from(value, 'utf8'), valueContext(secretId)),
    };
  } finally {
    dataKey.fill(0);
  }
}

/** The value, or null when the blobs do not open under this key for this secret. */
export function openSecret(teamKey: TeamKey, sealed: SealedSecret): string | null {
  const dataKey = open(teamKey.wrappingKey, sealed.wrappedKey, dataKeyContext(sealed.secretId));
  if (!dataKey) return null;
  try {
    return open(dataKey, sealed.sealedValue, valueContext(sealed.secretId))?.toString('utf8') ?? null;
  } finally {
    dataKey.fill(0);
  }
}

/** The same data key wrapped by `next` (rotation leaves the sealed value as it is); null if `current` cannot unwrap it. */
export function rewrapDataKey(current: TeamKey, next: TeamKey, secretId: string, wrappedKey: Buffer): Buffer | null {
  const dataKey = open(current.wrappingKey, wrappedKey, dataKeyContext(secretId));
  if (!dataKey) return null;
  try {
    return seal(next.wrappingKey, dataKey, dataKeyContext(secretId));
  } finally {
    dataKey.fill(0);
  }
}
