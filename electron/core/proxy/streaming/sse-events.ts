/**
 * Byte-level helpers for server-sent events. Events end with a blank line, written as LF, CRLF or
 * CR line endings; all three spellings are ASCII, so cutting bytes there never splits a character.
 */
// Needles as bytes: Buffer#indexOf with a string needle re-encodes it on every call.
const separators = ['\n\n', '\r\n\r\n', '\r\r'].map((text) => Buffer.from(text, 'latin1'));

/**
 * Just past the blank line that ends the event holding `position`, or -1 when it has not arrived.
 * Read byte by byte: an event ends a few hundred bytes on, and one native search per separator
 * spelling runs to the end of the chunk for the two spellings it does not hold.
 */
export function eventEndAfter(bytes: Buffer, position: number): number {
  for (let i = position; i < bytes.length - 1; i++) {
    const end = separatorEndAt(bytes, i);
    if (end !== -1) return end;
  }
  return -1;
}

/** Where the event holding `position` starts: just past the last blank line between `floor` and it, else `floor`. */
export function eventStartBefore(bytes: Buffer, position: number, floor: number): number {
  // Walking back, the first separator found that ends by `position` ends last: none that starts
  // earlier reaches past it (no spelling overlaps another that way).
  for (let i = position - 2; i >= floor; i--) {
    const end = separatorEndAt(bytes, i);
    if (end !== -1 && end <= position) return end;
  }
  return floor;
}

/** Just past the separator (LF LF, CR LF CR LF or CR CR) that starts at `i`, or -1. */
function separatorEndAt(bytes: Buffer, i: number): number {
  const b = bytes[i];
  if (b === 10) return bytes[i + 1] === 10 ? i + 2 : -1;
  if (b !== 13) return -1;
  const next = bytes[i + 1];
  if (next === 13) return i + 2;
  return next === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10 ? i + 4 : -1;
}

/** True when `bytes` holds a blank line, i.e. ends at least one event. */
export function holdsEventEnd(bytes: Buffer): boolean {
  return separators.some((separator) => bytes.includes(separator));
}

/** The event's `data:` lines joined with newlines, as the SSE spec assembles them ('' when none). */
export function eventData(event: string): string {
  let data = '';
  let first = true;
  for (let at = event.indexOf('data:'); at !== -1; at = event.indexOf('data:', at + 5)) {
    if (at > 0 && event.charCodeAt(at - 1) !== 10 && event.charCodeAt(at - 1) !== 13) continue; // not at a line start
    const valueStart = event.charCodeAt(at + 5) === 32 ? at + 6 : at + 5;
    const end = lineEnd(event, valueStart);
    data += (first ? '' : '\n') + event.slice(valueStart, end);
    first = false;
  }
  return data;
}

function lineEnd(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  if (lf === -1) return cr === -1 ? text.length : cr;
  return cr === -1 ? lf : Math.min(lf, cr);
}
