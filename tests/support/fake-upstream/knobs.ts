import type { IncomingHttpHeaders } from 'node:http';

/**
 * Tests steer the fake upstream with `x-fake-*` request headers, which the proxy forwards like any
 * other client header: how many chunks, how many tokens, an error status, a stall.
 */
export interface Knobs {
  chunks: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Output tokens: two per chunk. */
  outputTokens: number;
  chunkDelayMs: number;
  status: number | null;
  /** Echo the received credential in the error body (to prove the proxy scrubs it). */
  echoKey: boolean;
  /** Echo it elsewhere: in a response header, or in an `event: error` of a 200 stream, split across two writes. */
  echoKeyIn: 'header' | 'stream' | null;
  stall: 'headers' | 'body' | null;
  /** With `stall: body`: the stream frame it stops before (1 by default: after the first frame). */
  stallAt: number;
  /** Compress the answer although identity was asked (as some gateways and CDNs do): gzip, deflate, br, or `compress` (unreadable). */
  encoding: string | null;
  /** Ignore `stream_options.include_usage`, as some OpenAI-compatible servers do. */
  ignoreIncludeUsage: boolean;
  marker: string;
  /** Hold the answer (a JSON one before anything is sent, a stream after its first frame) until the test releases it. */
  hold: boolean;
}

export function readKnobs(headers: IncomingHttpHeaders): Knobs {
  const number = (name: string, fallback: number) => {
    const value = Number(headers[`x-fake-${name}`]);
    return Number.isFinite(value) ? value : fallback;
  };
  const chunks = number('chunks', 3);
  const stall = headers['x-fake-stall'];
  return {
    chunks,
    inputTokens: number('input', 11),
    cacheReadTokens: number('cache-read', 0),
    cacheWriteTokens: number('cache-write', 0),
    outputTokens: chunks * 2,
    chunkDelayMs: number('chunk-delay-ms', 0),
    status: headers['x-fake-status'] ? number('status', 500) : null,
    echoKey: headers['x-fake-echo-key'] === '1',
    echoKeyIn: headers['x-fake-echo-key'] === 'header' || headers['x-fake-echo-key'] === 'stream' ? headers['x-fake-echo-key'] : null,
    stall: stall === 'headers' || stall === 'body' ? stall : null,
    stallAt: number('stall-at', 1),
    marker: String(headers['x-fake-marker'] ?? 'ok'),
    encoding: typeof headers['x-fake-encoding'] === 'string' ? headers['x-fake-encoding'] : null,
    ignoreIncludeUsage: headers['x-fake-ignore-include-usage'] === '1',
    hold: headers['x-fake-hold'] === '1',
  };
}

export const pieces = (knobs: Knobs): string[] => Array.from({ length: knobs.chunks }, (_, i) => `${knobs.marker}-${i} `);
