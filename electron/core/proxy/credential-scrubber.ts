import type { OutgoingHttpHeaders } from 'node:http';

/** Shorter credentials are not scrubbed: too likely to match ordinary text. */
const minScrubbedLength = 8;
const redacted = '[redacted]';
/** From this many bytes on, Buffer#indexOf (half a microsecond per call, then faster) beats the loop. */
const nativeSearchFrom = 4096;

/** True when `credential` is long enough to be searched for. */
export function scrubbable(credential: string | null): credential is string {
  return credential !== null && credential.length >= minScrubbedLength;
}

/** `text` with every occurrence of the credential replaced by `[redacted]`. */
export function scrubText(text: string, credential: string | null): string {
  return scrubbable(credential) && text.includes(credential) ? text.split(credential).join(redacted) : text;
}

/** Response headers with the credential scrubbed from every value (a 401 may echo it in WWW-Authenticate). */
export function scrubHeaders(headers: OutgoingHttpHeaders, credential: string | null): OutgoingHttpHeaders {
  if (!scrubbable(credential)) return headers;
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') headers[name] = scrubText(value, credential);
    else if (Array.isArray(value)) headers[name] = value.map((item) => scrubText(item, credential));
  }
  return headers;
}

export interface StreamScrubber {
  /** The bytes that may go out now; a tail that could be the start of the credential is held back. */
  feed(chunk: Buffer): Buffer;
  /** What was held back at the end of the body. */
  end(): Buffer | null;
}

/**
 * Scrubs the credential from a body passed on chunk by chunk, also when it is split across chunks.
 * The replacement has the credential's length, so a Content-Length stays true. Cheap on the fast
 * path: one skipping pass per chunk (tens of nanoseconds for a stream event), and bytes are held
 * back only when a chunk ends with a prefix of the credential (rare), never otherwise.
 */
export function createStreamScrubber(credential: string): StreamScrubber {
  const needle = Buffer.from(credential, 'utf8');
  const mask = Buffer.from((redacted + '*'.repeat(needle.length)).slice(0, needle.length), 'utf8');
  let held: Buffer | null = null;
  // Horspool's shift per byte value, and which byte values occur in the credential at all.
  const skip = new Int32Array(256).fill(needle.length);
  const inNeedle = new Uint8Array(256);
  for (let i = 0; i < needle.length; i++) {
    inNeedle[needle[i]!] = 1;
    if (i < needle.length - 1) skip[needle[i]!] = needle.length - 1 - i;
  }

  function maskAll(bytes: Buffer): Buffer {
    let at = matchFrom(bytes, 0);
    if (at === -1) return bytes;
    const copy = Buffer.from(bytes); // the upstream's chunk is also read for usage: never change it in place
    for (; at !== -1; at = matchFrom(copy, at + needle.length)) mask.copy(copy, at);
    return copy;
  }

  /** Where the credential next starts at or after `from`, or -1 (Horspool: most chunks are skipped a key's length at a time). */
  function matchFrom(bytes: Buffer, from: number): number {
    if (bytes.length - from >= nativeSearchFrom) return bytes.indexOf(needle, from);
    const last = needle.length - 1;
    for (let at = from; at + last < bytes.length; at += skip[bytes[at + last]!]!) {
      if (bytes[at + last] === needle[last] && matchedLength(bytes, at) === needle.length) return at;
    }
    return -1;
  }

  /** Length of the longest tail of `bytes` that is a proper prefix of the credential. */
  function partialTail(bytes: Buffer): number {
    if (bytes.length === 0 || !inNeedle[bytes[bytes.length - 1]!]) return 0; // the usual end: a newline, a brace
    for (let at = Math.max(0, bytes.length - needle.length + 1); at < bytes.length; at++) {
      if (matchedLength(bytes, at) === bytes.length - at) return bytes.length - at;
    }
    return 0;
  }

  /** How many bytes of the credential match `bytes` from `at` on. */
  function matchedLength(bytes: Buffer, at: number): number {
    let length = 0;
    while (length < needle.length && at + length < bytes.length && bytes[at + length] === needle[length]) length++;
    return length;
  }

  return {
    feed(chunk) {
      const bytes = held ? Buffer.concat([held, chunk]) : chunk;
      held = null;
      const scrubbed = maskAll(bytes);
      const tail = partialTail(scrubbed);
      if (tail === 0) return scrubbed;
      held = Buffer.from(scrubbed.subarray(scrubbed.length - tail));
      return scrubbed.subarray(0, scrubbed.length - tail);
    },
    end() {
      const rest = held;
      held = null;
      return rest;
    },
  };
}
