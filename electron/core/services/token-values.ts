import { createHash } from 'node:crypto';
import { randomBase62 } from '../ids';

/** `sb_` + 43 base62 characters: about 256 random bits. */
export const tokenValuePattern = /^sb_[0-9A-Za-z]{43}$/;
const displayPrefixLength = 10;

export function newTokenValue(): string {
  return `sb_${randomBase62(43)}`;
}

/** What is stored instead of the token: its SHA-256. */
export function hashTokenValue(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The first characters, to recognise a token in lists (`sb_k3Jd9aQ`). */
export function tokenDisplayPrefix(value: string): string {
  return value.slice(0, displayPrefixLength);
}
