import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Outcome } from './exchange';
import { responseHeaders } from './header-policy';
import { chooseReader } from './streaming/choose-reader';
import type { UpstreamRequest } from './prepare-upstream';

export interface ForwardContext {
  requestId: string;
  started: number;
  /** performance.now() when the upstream request was sent. */
  upstreamSentAt: number;
  drainAfterDisconnectMs: number;
  /** Set when the client went away (before or during the response). */
  clientGone(): boolean;
}

const maxErrorBodyBytes = 256 * 1024;

/**
 * Streams the upstream answer to the client chunk by chunk with back-pressure, reading usage on
 * the way. If the client leaves, the upstream is still read (bounded) for its final usage report.
 * Resolves when the exchange is over, with what to record.
 */
export function forwardResponse(res: ServerResponse, upstream: Dispatcher.ResponseData, request: UpstreamRequest, context: ForwardContext): Promise<Outcome> {
  const status = upstream.statusCode;
  const headersAt = performance.now();
  const contentType = headerText(upstream.headers['content-type']);
  const failed = status >= 400;
  const reader = chooseReader(contentType, request.plan.model, {
    metered: request.plan.metered && !failed,
    hideUsageChunk: request.plan.hideUsageChunk,
  });
  const headerUsage = request.plan.metered && !failed ? request.plan.usageFromHeaders?.(upstream.headers) : null;
  if (headerUsage) Object.assign(reader.usage, headerUsage, { reported: true });
  // Error bodies are small; they are held whole so an echoed key can be scrubbed before the client sees it.
  const scrub = failed && request.credential !== null && request.credential.length >= 8;
  const own = {
    'x-request-id': context.requestId,
    'x-switchboard-overhead-ms': (context.upstreamSentAt - context.started + (performance.now() - headersAt)).toFixed(3),
  };
  const body = upstream.body;
  let ttfbMs: number | null = null;
  let errorChunks: Buffer[] | null = scrub ? [] : null;
  let errorSize = 0;

  if (!context.clientGone() && !scrub) {
    res.writeHead(status, responseHeaders(upstream.headers, own, !reader.rewrites));
    ttfbMs = Math.round(performance.now() - context.started);
  }

  return new Promise<Outcome>((resolve) => {
    let drainTimer: NodeJS.Timeout | null = null;
    const onClientGone = () => {
      body.resume();
      drainTimer = setTimeout(() => body.destroy(new Error('client left; stopped waiting for the upstream')), context.drainAfterDisconnectMs);
    };
    res.once('close', () => {
      if (!res.writableFinished) onClientGone();
    });
    if (context.clientGone()) onClientGone();

    const write = (out: Buffer) => {
      if (!res.write(out)) {
        body.pause();
        res.once('drain', () => body.resume());
      }
    };
    // A reader that never rewrites reads each chunk after it left: the response socket is corked
    // until the next tick, so parsing is queued behind that flush and never delays a byte.
    const passThrough = !reader.rewrites;
    let unparsed: Buffer[] = [];
    const parseUnparsed = () => {
      const chunks = unparsed;
      unparsed = [];
      for (const chunk of chunks) reader.feed(chunk);
    };
    const onData = (chunk: Buffer) => {
      if (errorChunks) {
        reader.feed(chunk);
        if (errorSize < maxErrorBodyBytes) errorChunks.push(chunk);
        errorSize += chunk.length;
        return;
      }
      if (passThrough) {
        if (!context.clientGone()) write(chunk);
        if (unparsed.length === 0) process.nextTick(parseUnparsed);
        unparsed.push(chunk);
        return;
      }
      const out = reader.feed(chunk);
      if (out && !context.clientGone()) write(out);
    };
    body.once('end', () => {
      if (drainTimer) clearTimeout(drainTimer);
      parseUnparsed();
      if (!context.clientGone()) {
        if (errorChunks) {
          const text = Buffer.concat(errorChunks).toString('utf8').split(request.credential!).join('[redacted]');
          errorChunks = null;
          res.writeHead(status, responseHeaders(upstream.headers, own, false));
          ttfbMs = Math.round(performance.now() - context.started);
          res.end(text);
        } else if (passThrough) res.end();
        else res.end(reader.end() ?? undefined);
      }
      if (passThrough || context.clientGone()) reader.end();
      resolve(done(failed ? 'upstream_error' : 'ok'));
    });
    body.once('error', (error: Error & { code?: string }) => {
      if (drainTimer) clearTimeout(drainTimer);
      parseUnparsed();
      reader.end();
      const timedOut = error.code === 'UND_ERR_BODY_TIMEOUT';
      if (!context.clientGone()) {
        if (!res.headersSent) {
          res.writeHead(504, { 'content-type': 'application/json', 'x-request-id': context.requestId });
          res.end(JSON.stringify({ error: { code: 'upstream_timeout', message: 'The upstream stopped sending' } }));
        } else if (contentType?.startsWith('text/event-stream')) {
          res.end(sseError(timedOut ? 'The upstream stopped sending (idle timeout)' : 'The upstream connection failed mid-stream'));
        } else res.destroy();
      }
      resolve(done(context.clientGone() ? 'client_disconnect' : timedOut ? 'upstream_timeout' : 'upstream_error'));
    });

    // What came with the headers is already buffered: it goes out now, in one write, rather than
    // chunk by chunk once the stream starts flowing on a later tick.
    const arrived = body.read() as Buffer | null;
    if (arrived) onData(arrived);
    body.on('data', onData);

    function done(outcome: string): Outcome {
      return { status, outcome: context.clientGone() ? 'client_disconnect' : outcome, usage: reader.usage, ttfbMs };
    }
  });
}

/** The error event Anthropic's and OpenAI's SDKs both surface as an API error. */
export function sseError(message: string): string {
  return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'timeout_error', code: 'upstream_timeout', message } })}\n\n`;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
