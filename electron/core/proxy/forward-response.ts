import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Outcome } from './exchange';
import { createStreamScrubber, scrubbable, scrubHeaders, scrubText } from './credential-scrubber';
import { responseHeaders } from './header-policy';
import { createPassThroughReader, type BodyReader } from './streaming/body-reader';
import { chooseReader } from './streaming/choose-reader';
import { createDecodingReader, decoderFor } from './streaming/decoding-reader';
import type { UpstreamRequest } from './prepare-upstream';

export interface ForwardContext {
  requestId: string;
  started: number;
  /** performance.now() when the upstream request was sent. */
  upstreamSentAt: number;
  drainAfterDisconnectMs: number;
  /** Set when the client went away (before or during the response). */
  clientGone(): boolean;
  /** Set when shutdown cut the exchange (the upstream body then fails). */
  shuttingDown(): boolean;
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
  const metered = request.plan.metered && !failed;
  const reader = meterFor(upstream.headers, contentType, request, metered);
  const headerUsage = metered ? request.plan.usageFromHeaders?.(upstream.headers) : null;
  if (headerUsage) Object.assign(reader.usage, headerUsage, { reported: true });
  // Error bodies are small; they are held whole so an echoed key can be scrubbed before the client sees it.
  const scrub = failed && scrubbable(request.credential);
  // Other bodies pass as they arrive: scrubbed chunk by chunk (a 200 stream may carry an `event: error` echoing the key).
  const bodyScrubber = !scrub && scrubbable(request.credential) ? createStreamScrubber(request.credential) : null;
  const own = {
    'x-request-id': context.requestId,
    'x-switchboard-overhead-ms': (context.upstreamSentAt - context.started + (performance.now() - headersAt)).toFixed(3),
  };
  const headersFor = (keepLength: boolean) => scrubHeaders(responseHeaders(upstream.headers, own, keepLength), request.credential);
  const body = upstream.body;
  let ttfbMs: number | null = null;
  let errorChunks: Buffer[] | null = scrub ? [] : null;
  let errorSize = 0;

  if (!context.clientGone() && !scrub) {
    res.writeHead(status, headersFor(!reader.rewrites));
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

    const write = (bytes: Buffer) => {
      const out = bodyScrubber ? bodyScrubber.feed(bytes) : bytes;
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
          const text = scrubText(Buffer.concat(errorChunks).toString('utf8'), request.credential);
          errorChunks = null;
          res.writeHead(status, headersFor(false));
          ttfbMs = Math.round(performance.now() - context.started);
          res.end(text);
        } else {
          const last = passThrough ? null : reader.end();
          if (last) write(last);
          res.end(bodyScrubber?.end() ?? undefined);
        }
      }
      if (passThrough || context.clientGone()) reader.end();
      settle(() => done(failed ? 'upstream_error' : 'ok'));
    });
    body.once('error', (error: Error & { code?: string }) => {
      if (drainTimer) clearTimeout(drainTimer);
      parseUnparsed();
      reader.end();
      const cut = context.shuttingDown();
      const timedOut = !cut && error.code === 'UND_ERR_BODY_TIMEOUT';
      if (!context.clientGone()) {
        if (!res.headersSent) {
          const failure = cut ? { status: 503, code: 'proxy_paused', message: 'Switchboard is shutting down; retry in a moment' } : { status: 504, code: 'upstream_timeout', message: 'The upstream stopped sending' };
          res.writeHead(failure.status, { 'content-type': 'application/json', 'x-request-id': context.requestId });
          res.end(JSON.stringify({ error: { code: failure.code, message: failure.message } }));
        } else if (contentType?.startsWith('text/event-stream')) {
          res.end(cut ? sseError('Switchboard is shutting down; the answer was cut', 'shutdown', 'overloaded_error') : sseError(timedOut ? 'The upstream stopped sending (idle timeout)' : 'The upstream connection failed mid-stream'));
        } else res.destroy(); // a broken body: the client must not take a cut answer for a whole one
      }
      settle(() => (cut ? { ...done('shutdown'), outcome: 'shutdown' } : done(context.clientGone() ? 'client_disconnect' : timedOut ? 'upstream_timeout' : 'upstream_error')));
    });

    // What came with the headers is already buffered: it goes out now, in one write, rather than
    // chunk by chunk once the stream starts flowing on a later tick.
    const arrived = body.read() as Buffer | null;
    if (arrived) onData(arrived);
    body.on('data', onData);

    function done(outcome: string): Outcome {
      return { status, outcome: context.clientGone() ? 'client_disconnect' : outcome, usage: reader.usage, usageUnknown: metered && !reader.usage.reported, ttfbMs };
    }

    /** Resolves with the outcome once the usage is final (a decoding reader finishes after the body). */
    function settle(outcome: () => Outcome): void {
      if (reader.finished) void reader.finished.then(() => resolve(outcome()));
      else resolve(outcome());
    }
  });
}

/** The error event Anthropic's and OpenAI's SDKs both surface as an API error. */
export function sseError(message: string, code = 'upstream_timeout', type = 'timeout_error'): string {
  return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type, code, message } })}\n\n`;
}

/**
 * The usage reader for this answer. An encoded body (the proxy asks for identity, yet some gateways
 * and CDNs compress anyway) is decoded for metering only; one Node cannot decode is passed on
 * unmetered, and its usage recorded as unknown rather than zero.
 */
function meterFor(headers: Dispatcher.ResponseData['headers'], contentType: string | undefined, request: UpstreamRequest, metered: boolean): BodyReader {
  const decoder = metered ? decoderFor(headerText(headers['content-encoding'])) : undefined;
  if (decoder === undefined) return chooseReader(contentType, request.plan.model, { metered, hideUsageChunk: request.plan.hideUsageChunk });
  if (decoder === null) return createPassThroughReader(request.plan.model);
  // Compressed bytes cannot be rewritten: the usage chunk is left in the stream.
  return createDecodingReader(chooseReader(contentType, request.plan.model, { metered, hideUsageChunk: false }), decoder());
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
