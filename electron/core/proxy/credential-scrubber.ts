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
 * A credential made ready to be searched for: its bytes, the mask that replaces it, and Horspool's
 * shift per byte value. Built once per credential, not per request: the tables were a visible
 * share of the proxy's time and garbage.
 */
class Needle {
  readonly bytes: Buffer;
  readonly mask: Buffer;
  /** Horspool's shift per byte value. */
  readonly skip: Int32Array;
  /** Which byte values occur in the credential at all. */
  readonly inNeedle: Uint8Array;

  constructor(credential: string) {
    const bytes = Buffer.from(credential, 'utf8');
    this.bytes = bytes;
    this.mask = Buffer.from((redacted + '*'.repeat(bytes.length)).slice(0, bytes.length), 'utf8');
    this.skip = new Int32Array(256).fill(bytes.length);
    this.inNeedle = new Uint8Array(256);
    for (let i = 0; i < bytes.length; i++) {
      this.inNeedle[bytes[i]!] = 1;
      if (i < bytes.length - 1) this.skip[bytes[i]!] = bytes.length - 1 - i;
    }
  }

  /** Where the credential next starts at or after `from`, or -1 (Horspool: most chunks are skipped a key's length at a time). */
  matchFrom(bytes: Buffer, from: number): number {
    const needle = this.bytes;
    if (bytes.length - from >= nativeSearchFrom) return bytes.indexOf(needle, from);
    const last = needle.length - 1;
    const skip = this.skip;
    for (let at = from; at + last < bytes.length; at += skip[bytes[at + last]!]!) {
      if (bytes[at + last] === needle[last] && this.matchedLength(bytes, at) === needle.length) return at;
    }
    return -1;
  }

  /** `bytes` with every occurrence masked; the same buffer when there is none. */
  maskAll(bytes: Buffer): Buffer {
    let at = this.matchFrom(bytes, 0);
    if (at === -1) return bytes;
    const copy = Buffer.from(bytes); // the upstream's chunk is also read for usage: never change it in place
    for (; at !== -1; at = this.matchFrom(copy, at + this.bytes.length)) this.mask.copy(copy, at);
    return copy;
  }

  /** Length of the longest tail of `bytes` that is a proper prefix of the credential. */
  partialTail(bytes: Buffer): number {
    if (bytes.length === 0 || !this.inNeedle[bytes[bytes.length - 1]!]) return 0; // the usual end: a newline, a brace
    for (let at = Math.max(0, bytes.length - this.bytes.length + 1); at < bytes.length; at++) {
      if (this.matchedLength(bytes, at) === bytes.length - at) return bytes.length - at;
    }
    return 0;
  }

  /** How many bytes of the credential match `bytes` from `at` on. */
  private matchedLength(bytes: Buffer, at: number): number {
    const needle = this.bytes;
    let length = 0;
    while (length < needle.length && at + length < bytes.length && bytes[at + length] === needle[length]) length++;
    return length;
  }
}

/** Credentials in use are few (one per provider); a rotated one falls out of this bound. */
const maxNeedles = 64;
const needles = new Map<string, Needle>();

function needleFor(credential: string): Needle {
  let needle = needles.get(credential);
  if (needle) return needle;
  if (needles.size >= maxNeedles) needles.delete(needles.keys().next().value!);
  needle = new Needle(credential);
  needles.set(credential, needle);
  return needle;
}

class ChunkScrubber implements StreamScrubber {
  private held: Buffer | null = null;

  constructor(private readonly needle: Needle) {}

  feed(chunk: Buffer): Buffer {
    const bytes = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = null;
    const scrubbed = this.needle.maskAll(bytes);
    const tail = this.needle.partialTail(scrubbed);
    if (tail === 0) return scrubbed;
    this.held = Buffer.from(scrubbed.subarray(scrubbed.length - tail));
    return scrubbed.subarray(0, scrubbed.length - tail);
  }

  end(): Buffer | null {
    const rest = this.held;
    this.held = null;
    return rest;
  }
}

/**
 * Scrubs the credential from a body passed on chunk by chunk, also when it is split across chunks.
 * The replacement has the credential's length, so a Content-Length stays true. Cheap on the fast
 * path: one skipping pass per chunk (tens of nanoseconds for a stream event), and bytes are held
 * back only when a chunk ends with a prefix of the credential (rare), never otherwise.
 */
export function createStreamScrubber(credential: string): StreamScrubber {
  return new ChunkScrubber(needleFor(credential));
}
