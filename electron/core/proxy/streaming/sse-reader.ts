import { StringDecoder } from 'node:string_decoder';
import type { BodyReader } from './body-reader';
import { emptyUsage, extractUsage } from './extract-usage';

/** An event larger than this is not inspected (its bytes still pass through). */
const maxEventChars = 4 * 1024 * 1024;
const boundary = /\r?\n\r?\n|\r\r/g;

/**
 * Server-sent events: splits events incrementally and reads usage from the ones that mention it.
 * With `hideUsageChunk`, the OpenAI usage-only chunk (`choices: []`, `usage: {…}`) that the proxy
 * asked for on the client's behalf is dropped; only whole events are forwarded then.
 */
export function createSseReader(model: string | null, options: { hideUsageChunk?: boolean } = {}): BodyReader {
  const usage = emptyUsage(model);
  const hide = options.hideUsageChunk === true;
  const decoder = new StringDecoder('utf8');
  let pending = '';

  function inspect(event: string): boolean {
    if (!event.includes('usage')) return true;
    let data = '';
    for (let at = event.indexOf('data:'); at !== -1; at = event.indexOf('data:', at + 5)) {
      if (at > 0 && event.charCodeAt(at - 1) !== 10 && event.charCodeAt(at - 1) !== 13) continue; // not at a line start
      let end = at + 5;
      while (end < event.length && event.charCodeAt(end) !== 10 && event.charCodeAt(end) !== 13) end++;
      data += (data ? '\n' : '') + event.slice(event.charCodeAt(at + 5) === 32 ? at + 6 : at + 5, end);
    }
    if (!data || data === '[DONE]') return true;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return true;
    }
    extractUsage(message, usage);
    return !(hide && isUsageOnlyChunk(message));
  }

  function drain(final: boolean): string {
    let kept = '';
    let start = 0;
    boundary.lastIndex = 0;
    for (let match = boundary.exec(pending); match; match = boundary.exec(pending)) {
      const end = match.index + match[0].length;
      const event = pending.slice(start, end);
      if (inspect(event) && hide) kept += event;
      start = end;
    }
    pending = start === 0 ? pending : pending.slice(start);
    if (final && pending) {
      if (inspect(pending) && hide) kept += pending;
      pending = '';
    } else if (pending.length > maxEventChars) {
      if (hide) kept += pending;
      pending = '';
    }
    return kept;
  }

  /** Without rewriting, only events that mention usage matter: jump from one mention to the next. */
  function skim(final: boolean): void {
    let from = 0;
    for (let at = pending.indexOf('usage', from); at !== -1; at = pending.indexOf('usage', from)) {
      const start = boundaryEndBefore(pending, at);
      const end = boundaryEndAfter(pending, at);
      if (end === -1) {
        pending = pending.slice(start); // the rest of this event is still coming
        if (final) {
          inspect(pending);
          pending = '';
        } else if (pending.length > maxEventChars) pending = '';
        return;
      }
      inspect(pending.slice(start, end));
      from = end;
    }
    pending = final ? '' : pending.slice(boundaryEndBefore(pending, pending.length));
  }

  return {
    usage,
    rewrites: hide,
    feed(chunk) {
      pending += decoder.write(chunk);
      if (!hide) {
        skim(false);
        return chunk;
      }
      const kept = drain(false);
      if (!hide) return chunk;
      return kept ? Buffer.from(kept, 'utf8') : null;
    },
    end() {
      pending += decoder.end();
      if (!hide) {
        skim(true);
        return null;
      }
      const kept = drain(true);
      return hide && kept ? Buffer.from(kept, 'utf8') : null;
    },
  };
}

/** Where the event holding `position` starts: just past the blank line before it (LF, CRLF or CR endings), or 0. */
function boundaryEndBefore(text: string, position: number): number {
  let best = 0;
  for (const separator of ['\n\n', '\r\n\r\n', '\r\r']) {
    const at = text.lastIndexOf(separator, position - separator.length);
    if (at !== -1 && at + separator.length <= position) best = Math.max(best, at + separator.length);
  }
  return best;
}

/** Just past the blank line that ends the event holding `position`, or -1 when it has not arrived. */
function boundaryEndAfter(text: string, position: number): number {
  let best = -1;
  for (const separator of ['\n\n', '\r\n\r\n', '\r\r']) {
    const at = text.indexOf(separator, position);
    if (at !== -1 && (best === -1 || at + separator.length < best)) best = at + separator.length;
  }
  return best;
}

function isUsageOnlyChunk(message: unknown): boolean {
  const m = message as { choices?: unknown; usage?: unknown } | null;
  return !!m && Array.isArray(m.choices) && m.choices.length === 0 && typeof m.usage === 'object' && m.usage !== null;
}
