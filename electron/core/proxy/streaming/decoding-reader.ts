import zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import type { BodyReader } from './body-reader';

/** Node's decompressors by Content-Encoding; zstd where this Node has it (22.15+). */
const decoders: Record<string, (() => Transform) | undefined> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createUnzip(), // zlib-wrapped, as HTTP means it; createUnzip also takes gzip
  br: () => zlib.createBrotliDecompress(),
  zstd: (zlib as { createZstdDecompress?: () => Transform }).createZstdDecompress,
};

/**
 * How to decode a body for metering: `undefined` when it is not encoded, `null` when it is encoded
 * in a way Node cannot read (then its usage is unknown), else a decompressor factory.
 */
export function decoderFor(contentEncoding: string | undefined): (() => Transform) | null | undefined {
  const encoding = contentEncoding?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return undefined;
  return decoders[encoding] ?? null;
}

/**
 * Meters an encoded body: the client gets the bytes as they came, a decompressed copy goes to the
 * format's reader. Decompression is asynchronous, so the usage is final only once `finished` resolves.
 */
export function createDecodingReader(inner: BodyReader, decoder: Transform): BodyReader & { finished: Promise<void> } {
  const finished = new Promise<void>((resolve) => {
    decoder.on('data', (decoded: Buffer) => inner.feed(decoded));
    decoder.once('end', () => {
      inner.end();
      resolve();
    });
    decoder.once('error', () => resolve()); // a truncated or corrupt body: what was decoded so far counts
  });
  let ended = false;
  return {
    usage: inner.usage,
    rewrites: false,
    finished,
    feed(chunk) {
      if (!ended) decoder.write(chunk);
      return chunk;
    },
    end() {
      if (!ended) decoder.end();
      ended = true;
      return null;
    },
  };
}
