/**
 * Byte-level helpers for server-sent events. Events end with a blank line, written as LF, CRLF or
 * CR line endings; all three spellings are ASCII, so cutting bytes there never splits a character.
 */
// Needles as bytes: Buffer#indexOf with a string needle re-encodes it on every call.
const separators = ['\n\n', '\r\n\r\n', '\r\r'].map((text) => Buffer.from(text, 'latin1'));

/** Just past the blank line that ends the event holding `position`, or -1 when it has not arrived. */
export function eventEndAfter(bytes: Buffer, position: number): number {
  let best = -1;
  for (const separator of separators) {
    const at = bytes.indexOf(separator, position);
    if (at !== -1 && (best === -1 || at + separator.length < best)) best = at + separator.length;
  }
  return best;
}

/** Where the event holding `position` starts: just past the blank line before it, and never before `floor`. */
export function eventStartBefore(bytes: Buffer, position: number, floor: number): number {
  if (position === bytes.length && endsWithSeparator(bytes)) return position; // the usual chunk: whole events
  let best = floor;
  for (const separator of separators) {
    const from = position - separator.length;
    if (from < floor) continue; // Buffer#lastIndexOf reads a negative offset from the end
    const at = bytes.lastIndexOf(separator, from);
    if (at !== -1 && at + separator.length > best) best = at + separator.length;
  }
  return best;
}

function endsWithSeparator(bytes: Buffer): boolean {
  const last = bytes.length - 1;
  if (last < 1) return false;
  if (bytes[last] === 10) return bytes[last - 1] === 10 || (bytes[last - 1] === 13 && bytes[last - 2] === 10 && bytes[last - 3] === 13);
  return bytes[last] === 13 && bytes[last - 1] === 13;
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
