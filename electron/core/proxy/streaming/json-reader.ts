import type { BodyReader } from './body-reader';
import { emptyUsage, extractUsage } from './extract-usage';

/** Whole bodies up to this size are parsed; of larger ones only the tail is kept and searched. */
const maxWholeBytes = 2 * 1024 * 1024;
const tailBytes = 64 * 1024;

/**
 * A non-streamed JSON body (or Gemini's streamed JSON array): read for usage once it has ended.
 * Memory stays bounded: past 2 MB only the last 64 KB are kept, where the usage object sits.
 */
export function createJsonReader(model: string | null): BodyReader {
  const usage = emptyUsage(model);
  let chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;

  return {
    usage,
    rewrites: false,
    feed(chunk) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > maxWholeBytes) {
        truncated = true;
        const all = Buffer.concat(chunks);
        chunks = [all.subarray(all.length - tailBytes)];
        size = tailBytes;
      }
      return chunk;
    },
    end() {
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
      chunks = [];
      if (!truncated) {
        try {
          const body: unknown = JSON.parse(text);
          for (const item of Array.isArray(body) ? body : [body]) extractUsage(item, usage);
          return null;
        } catch {
          // Not JSON (an HTML error page, plain text): no usage in it.
        }
      }
      extractTailUsage(text, usage);
      return null;
    },
  };
}

function extractTailUsage(text: string, usage: ReturnType<typeof emptyUsage>): void {
  for (const key of ['"usageMetadata"', '"usage"']) {
    const at = text.lastIndexOf(key);
    if (at === -1) continue;
    const open = text.indexOf('{', at + key.length);
    const close = matchingBrace(text, open);
    if (open === -1 || close === -1) continue;
    try {
      extractUsage({ [key.slice(1, -1)]: JSON.parse(text.slice(open, close + 1)) }, usage);
      return;
    } catch {
      continue;
    }
  }
}

function matchingBrace(text: string, open: number): number {
  if (open === -1) return -1;
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i;
  }
  return -1;
}
