import { randomFillSync } from 'node:crypto';
import { idPrefixes, type IdKind } from '../../shared/ids';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Random bytes are drawn from the CSPRNG in blocks: one call per block instead of one per id
// (ids are minted per proxied request), as Node does for randomUUID. Consumed bytes are never reused.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function nextRandomByte(): number {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/** Random base62 text; rejection sampling keeps every character equally likely. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = nextRandomByte();
    if (byte < 248) out += alphabet[byte % 62];
  }
  return out;
}

/** A new public id such as `aip_4f9KqLm2…`: prefixed by type, random, never sequential. */
export function newId(kind: IdKind): string {
  return idPrefixes[kind] + randomBase62(22);
}
