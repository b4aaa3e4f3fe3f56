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

// Ids are written as ASCII into one scratch buffer and read out as a single string: cheaper
// than a string grown a character at a time, or a buffer and slices per id.
const scratch = Buffer.alloc(64);
const alphabetCodes = Buffer.from(alphabet, 'latin1');
const hexCodes = Buffer.from('0123456789abcdef', 'latin1');

/** Random base62 text; rejection sampling keeps every character equally likely. */
export function randomBase62(length: number): string {
  let written = 0;
  while (written < length) {
    if (written === scratch.length) return scratch.toString('latin1', 0, written) + randomBase62(length - written);
    const byte = nextRandomByte();
    if (byte < 248) scratch[written++] = alphabetCodes[byte % 62]!;
  }
  return scratch.toString('latin1', 0, length);
}

/** A new public id such as `aip_4f9KqLm2…`: prefixed by type, random, never sequential. */
export function newId(kind: IdKind): string {
  return idPrefixes[kind] + randomBase62(22);
}

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids minted in the
 * same millisecond sort together, and the instant can be read back from the id.
 */
export function timeOrderedUuid(unixMs: number): string {
  let time = Math.max(0, Math.floor(unixMs)) % 2 ** 48;
  for (let i = 5; i >= 0; i--) {
    writeHexByte(i, time % 256);
    time = Math.floor(time / 256);
  }
  for (let i = 6; i < 16; i++) {
    const byte = nextRandomByte();
    writeHexByte(i, i === 6 ? (byte & 0x0f) | 0x70 : i === 8 ? (byte & 0x3f) | 0x80 : byte);
  }
  for (const at of uuidDashes) scratch[at] = 0x2d;
  return scratch.toString('latin1', 0, 36);
}

/** Where the dashes of a UUID's text go (8-4-4-4-12 hex digits). */
const uuidDashes = [8, 13, 18, 23];

/** Writes the UUID's byte `index` as two hex digits at its place in the text. */
function writeHexByte(index: number, byte: number): void {
  const at = index * 2 + (index < 4 ? 0 : index < 6 ? 1 : index < 8 ? 2 : index < 10 ? 3 : 4);
  scratch[at] = hexCodes[byte >> 4]!;
  scratch[at + 1] = hexCodes[byte & 15]!;
}

/** The Unix milliseconds a `timeOrderedUuid` was minted at; null for any other id. */
export function instantOfUuid(id: string): number | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) return null;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
