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
    for (const line of event.split(/\r?\n|\r/)) {
      if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(line.charCodeAt(5) === 32 ? 6 : 5);
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

  return {
    usage,
    rewrites: hide,
    feed(chunk) {
      pending += decoder.write(chunk);
      const kept = drain(false);
      if (!hide) return chunk;
      return kept ? Buffer.from(kept, 'utf8') : null;
    },
    end() {
      pending += decoder.end();
      const kept = drain(true);
      return hide && kept ? Buffer.from(kept, 'utf8') : null;
    },
  };
}

function isUsageOnlyChunk(message: unknown): boolean {
  const m = message as { choices?: unknown; usage?: unknown } | null;
  return !!m && Array.isArray(m.choices) && m.choices.length === 0 && typeof m.usage === 'object' && m.usage !== null;
}
