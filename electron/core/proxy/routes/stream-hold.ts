/** What the hold decides after a chunk: keep holding, send the answer on, or give it up for another attempt. */
export type HoldDecision = 'hold' | 'commit' | 'failed';

/** A stream held uncommitted until its first content: fed its chunks, it says when to commit or give up. */
export interface StreamHold {
  feed(chunk: Buffer): HoldDecision;
  /** The bytes held so far, in order, for the client once the stream is committed. */
  take(): Buffer[];
}

/** Events that come before any content: holding through them sends the client nothing yet. */
const preamble = new Set(['message_start', 'ping']);
/** Past this many held bytes the stream is committed whatever it is (a preamble is a few hundred bytes). */
const maxHeldBytes = 64 * 1024;
const frameEnd = /\r?\n\r?\n/;

/**
 * Holds an Anthropic Messages stream uncommitted through `message_start` and pings: an overloaded
 * upstream may still send an `error` event there, and until a content event arrives the client
 * has been sent nothing, so another target can answer instead. The first other event commits the
 * stream; from then on nothing is ever retried.
 */
export class SseHold implements StreamHold {
  private readonly held: Buffer[] = [];
  private heldBytes = 0;
  private pending = '';

  feed(chunk: Buffer): HoldDecision {
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes > maxHeldBytes) return 'commit';
    this.pending += chunk.toString('latin1');
    for (let match = frameEnd.exec(this.pending); match; match = frameEnd.exec(this.pending)) {
      const frame = this.pending.slice(0, match.index);
      this.pending = this.pending.slice(match.index + match[0].length);
      const type = eventType(frame);
      if (type === 'error') return 'failed';
      if (type !== null && !preamble.has(type)) return 'commit';
    }
    return 'hold';
  }

  take(): Buffer[] {
    return this.held.splice(0);
  }
}

/** The frame's `event:` name, else the `type` of its JSON data; null for a comment or an empty frame. */
function eventType(frame: string): string | null {
  let data = '';
  for (const line of frame.split(/\r?\n/)) {
    if (line.startsWith('event:')) return line.slice(6).trim();
    if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (data === '') return null;
  const type = /"type"\s*:\s*"([a-z_]+)"/.exec(data);
  return type ? type[1]! : 'data';
}
