import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { HoldDecision, StreamHold } from './stream-hold';

/** Bedrock's exceptions that say "not now" rather than "not this request": another target may answer. */
const retriedExceptions = new Set([
  'throttlingException',
  'serviceUnavailableException',
  'internalServerException',
  'modelStreamErrorException',
  'modelNotReadyException',
]);
/** Anthropic events inside an InvokeModelWithResponseStream `chunk` that come before any content. */
const preamble = new Set(['message_start', 'ping']);
const maxHeldBytes = 64 * 1024;
const codec = new EventStreamCodec(toUtf8, fromUtf8);

/**
 * Holds a Bedrock event stream (ConverseStream, InvokeModelWithResponseStream) through its
 * `messageStart` (or a chunk's `message_start` and pings): a throttled or unavailable model answers
 * with an exception frame there, before any content, and another target may answer instead.
 */
export class EventStreamHold implements StreamHold {
  private readonly held: Buffer[] = [];
  private heldBytes = 0;
  private pending: Buffer = Buffer.alloc(0);

  feed(chunk: Buffer): HoldDecision {
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes > maxHeldBytes) return 'commit';
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 4) {
      const total = this.pending.readUInt32BE(0);
      if (total < 16 || total > maxHeldBytes) return 'commit';
      if (this.pending.length < total) break;
      const decision = decide(this.pending.subarray(0, total));
      if (decision !== 'hold') return decision;
      this.pending = this.pending.subarray(total);
    }
    return 'hold';
  }

  take(): Buffer[] {
    return this.held.splice(0);
  }
}

function decide(frame: Buffer): HoldDecision {
  let message;
  try {
    message = codec.decode(frame);
  } catch {
    return 'commit';
  }
  const headers = message.headers;
  if (headers[':message-type']?.value === 'exception')
    return retriedExceptions.has(String(headers[':exception-type']?.value)) ? 'failed' : 'commit';
  const type = headers[':event-type']?.value;
  if (type === 'messageStart') return 'hold';
  if (type === 'chunk') return preamble.has(chunkType(message.body)) ? 'hold' : 'commit';
  return 'commit';
}

/** The Anthropic event type inside an InvokeModelWithResponseStream chunk (`{"bytes": base64 JSON}`). */
function chunkType(body: Uint8Array): string {
  try {
    const { bytes } = JSON.parse(toUtf8(body)) as { bytes?: string };
    const inner = JSON.parse(Buffer.from(bytes ?? '', 'base64').toString('utf8')) as { type?: string };
    return inner.type ?? '';
  } catch {
    return '';
  }
}
