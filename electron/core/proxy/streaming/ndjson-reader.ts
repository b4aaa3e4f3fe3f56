import { StringDecoder } from 'node:string_decoder';
import type { BodyReader } from './body-reader';
import { emptyUsage, extractUsage } from './extract-usage';

const maxLineChars = 4 * 1024 * 1024;

/** Newline-delimited JSON (Ollama's native streaming): reads usage from the lines that carry counts. */
export function createNdjsonReader(model: string | null): BodyReader {
  const usage = emptyUsage(model);
  const decoder = new StringDecoder('utf8');
  let pending = '';

  function inspect(line: string): void {
    if (!line.includes('eval_count') && !line.includes('usage')) return;
    try {
      extractUsage(JSON.parse(line), usage);
    } catch {
      // A malformed line is the upstream's business; the client gets it as sent.
    }
  }

  function drain(final: boolean): void {
    let start = 0;
    for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n', start)) {
      inspect(pending.slice(start, newline));
      start = newline + 1;
    }
    pending = pending.slice(start);
    if (final || pending.length > maxLineChars) {
      if (final) inspect(pending);
      pending = '';
    }
  }

  return {
    usage,
    rewrites: false,
    feed(chunk) {
      pending += decoder.write(chunk);
      drain(false);
      return chunk;
    },
    end() {
      pending += decoder.end();
      drain(true);
      return null;
    },
  };
}
