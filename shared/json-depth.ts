/**
 * How deep JSON input may nest (objects and arrays). Real requests stay far below it (a tool's JSON
 * Schema is a few dozen levels); deeper input is refused with a 400 before anything walks it, since
 * re-serialising or validating it recurses and would run out of stack.
 */
export const maxJsonDepth = 128;

const openBrace = 0x7b; // {
const openBracket = 0x5b; // [
const closeBrace = 0x7d; // }
const closeBracket = 0x5d; // ]
const quote = 0x22; // "
const backslash = 0x5c; // \

/**
 * True when JSON text (as UTF-8 bytes) nests deeper than `max`. Brackets inside strings do not
 * count. Most bodies have fewer opening brackets than `max` in all, which is found without a scan.
 */
export function jsonNestsDeeperThan(bytes: Uint8Array, max = maxJsonDepth): boolean {
  if (!hasAtLeast(bytes, max + 1)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === backslash) i++;
      else if (byte === quote) inString = false;
    } else if (byte === quote) inString = true;
    else if (byte === openBrace || byte === openBracket) {
      if (++depth > max) return true;
    } else if (byte === closeBrace || byte === closeBracket) depth--;
  }
  return false;
}

/** Whether the text holds at least `count` opening brackets, counted natively. */
function hasAtLeast(bytes: Uint8Array, count: number): boolean {
  let found = 0;
  for (const open of [openBrace, openBracket]) {
    for (let i = bytes.indexOf(open); i !== -1; i = bytes.indexOf(open, i + 1)) if (++found >= count) return true;
  }
  return false;
}
