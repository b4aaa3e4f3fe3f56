import { randomBytes } from 'node:crypto';
import { idPrefixes, type IdKind } from '../../shared/ids';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 text; rejection sampling keeps every character equally likely. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += alphabet[byte % 62];
    }
  }
  return out;
}

/** A new public id such as `aip_4f9KqLm2…`: prefixed by type, random, never sequential. */
export function newId(kind: IdKind): string {
  return idPrefixes[kind] + randomBase62(22);
}
