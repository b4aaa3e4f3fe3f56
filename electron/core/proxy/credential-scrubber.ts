import type { OutgoingHttpHeaders } from 'node:http';

/** Shorter credentials are not scrubbed: too likely to match ordinary text. */
const minScrubbedLength = 8;
const redacted = '[redacted]';

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
 * path: one Buffer#indexOf per chunk, and bytes are held back only when a chunk ends with a prefix
 * of the credential (rare), never otherwise.
 */
export function createStreamScrubber(credential: string): StreamScrubber {
  const needle = Buffer.from(credential, 'utf8');
  const mask = Buffer.from((redacted + '*'.repeat(needle.length)).slice(0, needle.length), 'utf8');
  let held: Buffer | null = null;

  function maskAll(bytes: Buffer): Buffer {
    let at = bytes.indexOf(needle);
    if (at === -1) return bytes;
    const copy = Buffer.from(bytes); // the upstream's chunk is also read for usage: never change it in place
    for (; at !== -1; at = copy.indexOf(needle, at + needle.length)) mask.copy(copy, at);
    return copy;
  }

  /** Length of the longest tail of `bytes` that is a proper prefix of the credential. */
  function partialTail(bytes: Buffer): number {
    const first = needle[0]!;
    for (let at = bytes.indexOf(first, Math.max(0, bytes.length - needle.length + 1)); at !== -1; at = bytes.indexOf(first, at + 1)) {
      const length = bytes.length - at;
      if (bytes.compare(needle, 0, length, at) === 0) return length;
    }
    return 0;
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
