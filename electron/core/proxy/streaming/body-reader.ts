import { emptyUsage, type MeteredUsage } from './extract-usage';

/**
 * Watches an upstream response body chunk by chunk for usage, in constant memory.
 * `feed` returns what to send the client: normally the chunk itself, untouched.
 */
export interface BodyReader {
  readonly usage: MeteredUsage;
  /** True when `feed` may hold bytes back or drop some (then the Content-Length cannot be kept). */
  readonly rewrites: boolean;
  feed(chunk: Buffer): Buffer | null;
  /** The upstream body ended; returns bytes still held back, if any. */
  end(): Buffer | null;
  /** For readers that decode asynchronously: resolves once `usage` is final (after `end`). */
  readonly finished?: Promise<void>;
}

/** A reader for bodies without usage (count_tokens, model lists): forwards, counts nothing. */
export function createPassThroughReader(model: string | null): BodyReader {
  return { usage: emptyUsage(model), rewrites: false, feed: (chunk) => chunk, end: () => null };
}
