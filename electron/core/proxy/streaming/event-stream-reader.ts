import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { BodyReader } from './body-reader';
import { emptyUsage, extractUsage } from './extract-usage';

const maxMessageBytes = 16 * 1024 * 1024;

/**
 * AWS event-stream (Bedrock ConverseStream): binary frames `[total length][headers length][crc]…`.
 * Frames are decoded (with their checksums) by @smithy/eventstream-codec; usage comes from the
 * `metadata` event. The bytes pass through untouched.
 */
export function createEventStreamReader(model: string | null): BodyReader {
  const usage = emptyUsage(model);
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  let pending: Buffer = Buffer.alloc(0);
  let broken = false;

  function inspect(frame: Buffer): void {
    const message = codec.decode(frame);
    const eventType = message.headers[':event-type']?.value;
    if (eventType !== 'metadata') return;
    extractUsage(JSON.parse(toUtf8(message.body)), usage);
  }

  return {
    usage,
    rewrites: false,
    feed(chunk) {
      if (broken) return chunk;
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4) {
        const total = pending.readUInt32BE(0);
        if (total < 16 || total > maxMessageBytes) {
          broken = true;
          break;
        }
        if (pending.length < total) break;
        try {
          inspect(pending.subarray(0, total));
        } catch {
          broken = true;
          break;
        }
        pending = pending.subarray(total);
      }
      if (broken) pending = Buffer.alloc(0);
      return chunk;
    },
    end: () => null,
  };
}
