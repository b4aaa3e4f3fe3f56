import type { ServerResponse } from 'node:http';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/**
 * One scripted failure for the next request to a target: an error status (with or without
 * Retry-After), a connection reset before any answer, a head that never comes, or an Anthropic
 * stream that fails with `overloaded_error` after `message_start` and a ping, before any content, or a
 * Bedrock event stream that sends `messageStart` and then a `throttlingException` frame.
 */
export type Fault =
  | { status: number; retryAfter?: string; retryAfterMs?: string }
  | { reset: true }
  | { stall: 'headers' }
  | { overloadedAfterStart: true }
  | { throttledAfterStart: true };

/**
 * Targets of the fake upstream: a provider whose baseUrl ends in `/t/<name>` is target `<name>`.
 * Each counts its hits and answers from its script of faults first, then normally. Keys (the
 * credential a request carries) can be made to answer 429 while throttled, and count their hits too.
 */
export class FaultScript {
  private readonly scripts = new Map<string, Fault[]>();
  private readonly hitCounts = new Map<string, number>();
  private readonly keyHitCounts = new Map<string, number>();
  private readonly throttledKeys = new Map<string, string | undefined>();

  /** Queues faults for the next requests to `target`, in order. */
  script(target: string, ...faults: Fault[]): void {
    this.scripts.set(target, [...(this.scripts.get(target) ?? []), ...faults]);
  }

  /** Requests `target` received (faulted or answered). */
  hits(target: string): number {
    return this.hitCounts.get(target) ?? 0;
  }

  /** Requests carrying a credential that contains `key`. */
  keyHits(key: string): number {
    return this.keyHitCounts.get(key) ?? 0;
  }

  /** A credential containing `key` answers 429 (with this Retry-After, if any) until `throttle(key, false)`. */
  throttle(key: string, on: boolean, retryAfterMs?: string): void {
    if (on) this.throttledKeys.set(key, retryAfterMs);
    else this.throttledKeys.delete(key);
  }

  reset(): void {
    this.scripts.clear();
    this.hitCounts.clear();
    this.keyHitCounts.clear();
    this.throttledKeys.clear();
  }

  /** Counts the request; returns the target's path (without `/t/<name>`) and the fault to play, if any. */
  take(path: string, credential: string): { path: string; target: string | null; fault: Fault | null } {
    for (const key of trackedKeys(credential)) this.keyHitCounts.set(key, (this.keyHitCounts.get(key) ?? 0) + 1);
    for (const [key, retryAfterMs] of this.throttledKeys) {
      if (credential.includes(key)) return { path, target: null, fault: { status: 429, retryAfterMs } };
    }
    const match = /^\/t\/([a-z0-9-]+)(\/.*)$/.exec(path);
    if (!match) return { path, target: null, fault: null };
    const target = match[1]!;
    this.hitCounts.set(target, this.hits(target) + 1);
    return { path: match[2]!, target, fault: this.scripts.get(target)?.shift() ?? null };
  }
}

/** Keys are tracked by their `pool-<n>` part, e.g. `sk-pool-2-…` is `pool-2`. */
function trackedKeys(credential: string): string[] {
  return credential.match(/pool-\d+/g) ?? [];
}

/** Plays a fault on the response. */
export function playFault(res: ServerResponse, fault: Fault): void {
  if ('reset' in fault) {
    res.socket?.destroy();
    return;
  }
  if ('stall' in fault) return;
  if ('overloadedAfterStart' in fault) return stream(res, 'text/event-stream', overloadedStream());
  if ('throttledAfterStart' in fault) return stream(res, 'application/vnd.amazon.eventstream', throttledEventStream());
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs;
  const type = fault.status === 429 ? 'rate_limit_error' : fault.status === 529 ? 'overloaded_error' : 'api_error';
  res.writeHead(fault.status, headers);
  res.end(JSON.stringify({ type: 'error', error: { type, message: `fake upstream fault ${fault.status}` } }));
}

/** What Anthropic sends when it is overloaded mid-start: `message_start`, a ping, then an `error` event, before any content. */
function overloadedStream(): string[] {
  const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  return [
    frame('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_overloaded',
        type: 'message',
        role: 'assistant',
        model: 'm',
        content: [],
        usage: { input_tokens: 11, output_tokens: 1 },
      },
    }),
    frame('ping', { type: 'ping' }),
    frame('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
  ];
}

function stream(res: ServerResponse, contentType: string, frames: (string | Uint8Array)[]): void {
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
  for (const frame of frames) res.write(frame);
  res.end();
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** What Bedrock sends when a model is throttled after the stream began: `messageStart`, then an exception frame. */
function throttledEventStream(): Uint8Array[] {
  const frame = (headers: Record<string, string>, payload: unknown) =>
    codec.encode({
      headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { type: 'string' as const, value }])),
      body: fromUtf8(JSON.stringify(payload)),
    });
  return [
    frame({ ':event-type': 'messageStart', ':content-type': 'application/json', ':message-type': 'event' }, { role: 'assistant' }),
    frame(
      { ':exception-type': 'throttlingException', ':content-type': 'application/json', ':message-type': 'exception' },
      { message: 'Too many requests, please wait before trying again.' },
    ),
  ];
}
