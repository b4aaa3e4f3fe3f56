import { StringDecoder } from 'node:string_decoder';
import type { BodyReader } from './body-reader';
import { emptyUsage, extractUsage, type MeteredUsage } from './extract-usage';
import { eventData, eventEndAfter, eventStartBefore, holdsEventEnd } from './sse-events';

/** An event larger than this is not inspected (its bytes still pass through). */
const maxEventBytes = 4 * 1024 * 1024;
const boundary = /\r?\n\r?\n|\r\r/g;
const usageWord = Buffer.from('usage', 'latin1');

/**
 * Server-sent events: reads usage from the events that mention it. With `hideUsageChunk`, the
 * OpenAI usage-only chunk (`choices: []`, `usage: {…}`) that the proxy asked for on the client's
 * behalf is dropped; only whole events are forwarded then.
 */
export function createSseReader(model: string | null, options: { hideUsageChunk?: boolean } = {}): BodyReader {
  const usage = emptyUsage(model);
  return options.hideUsageChunk === true ? createSseRewriter(usage) : createSseSkimmer(usage);
}

/**
 * The common case: every byte passes untouched, so the reader works on raw bytes and decodes only
 * the few events that mention `usage` (two of an Anthropic stream's dozens). An unfinished event
 * is held as received and joined once, when a chunk with an event end arrives.
 */
function createSseSkimmer(usage: MeteredUsage): BodyReader {
  let held: Buffer[] = [];
  let heldBytes = 0;

  function hold(bytes: Buffer): void {
    if (heldBytes + bytes.length > maxEventBytes) return drop(); // too big to inspect
    held.push(bytes);
    heldBytes += bytes.length;
  }

  function drop(): void {
    held = [];
    heldBytes = 0;
  }

  function release(): Buffer {
    const joined = held.length === 1 ? held[0]! : Buffer.concat(held);
    drop();
    return joined;
  }

  function scan(bytes: Buffer, final: boolean): void {
    let from = 0;
    for (let at = bytes.indexOf(usageWord, from); at !== -1; at = bytes.indexOf(usageWord, from)) {
      const start = eventStartBefore(bytes, at, from);
      let end = eventEndAfter(bytes, at);
      if (end === -1) {
        if (!final) break; // the rest of this event is still coming
        end = bytes.length;
      }
      readEvent(bytes.toString('utf8', start, end), usage);
      from = end;
    }
    if (final) return;
    const tail = eventStartBefore(bytes, bytes.length, from);
    // A copy, so a small unfinished tail does not keep the upstream's whole chunk alive.
    if (tail < bytes.length) hold(Buffer.from(bytes.subarray(tail)));
  }

  return {
    usage,
    rewrites: false,
    feed(chunk) {
      if (heldBytes === 0) scan(chunk, false);
      // A blank line split across chunks is found later, in the joined bytes: usage is only needed by the end.
      else if (holdsEventEnd(chunk)) scan(Buffer.concat([release(), chunk]), false);
      else hold(chunk);
      return chunk;
    },
    end() {
      if (heldBytes > 0) scan(release(), true);
      return null;
    },
  };
}

/** Hiding an event means holding bytes back: this reader splits the decoded text into whole events. */
function createSseRewriter(usage: MeteredUsage): BodyReader {
  const decoder = new StringDecoder('utf8');
  let pending = '';

  const keep = (event: string) => !readEvent(event, usage);

  function drain(final: boolean): string {
    let kept = '';
    let start = 0;
    boundary.lastIndex = 0;
    for (let match = boundary.exec(pending); match; match = boundary.exec(pending)) {
      const end = match.index + match[0].length;
      const event = pending.slice(start, end);
      if (keep(event)) kept += event;
      start = end;
    }
    pending = start === 0 ? pending : pending.slice(start);
    if (final && pending) {
      if (keep(pending)) kept += pending;
      pending = '';
    } else if (pending.length > maxEventBytes) {
      kept += pending;
      pending = '';
    }
    return kept;
  }

  const bytesOf = (text: string) => (text ? Buffer.from(text, 'utf8') : null);
  return {
    usage,
    rewrites: true,
    feed: (chunk) => {
      pending += decoder.write(chunk);
      return bytesOf(drain(false));
    },
    end: () => {
      pending += decoder.end();
      return bytesOf(drain(true));
    },
  };
}

/** Reads the usage an event reports, if any. True when it is OpenAI's usage-only chunk. */
function readEvent(event: string, usage: MeteredUsage): boolean {
  if (!event.includes('usage')) return false;
  const data = eventData(event);
  if (!data || data === '[DONE]') return false;
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return false; // a malformed event is the upstream's business; the client gets it as sent
  }
  extractUsage(message, usage);
  return isUsageOnlyChunk(message);
}

function isUsageOnlyChunk(message: unknown): boolean {
  const m = message as { choices?: unknown; usage?: unknown } | null;
  return !!m && Array.isArray(m.choices) && m.choices.length === 0 && typeof m.usage === 'object' && m.usage !== null;
}
