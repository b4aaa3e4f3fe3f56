import { AppError } from '../../../../shared/errors';
import { createStreamScrubber, scrubbable, type StreamScrubber } from '../credential-scrubber';
import type { Exchange } from '../exchange';
import { shutdownRefusal } from '../proxy-failure';
import type { BodyReader } from '../streaming/body-reader';
import type { ResponseHead } from './response-head';

/** What a pump may ask of the upstream call that feeds it. */
export interface UpstreamControl {
  /** Lets a paused upstream body flow again. */
  resume(): void;
  /** Gives up on the upstream body. */
  abort(error: Error): void;
}

export interface PumpContext {
  exchange: Exchange;
  upstream: UpstreamControl;
  status: number;
  head: ResponseHead;
  reader: BodyReader;
  /** The answer should report usage (a successful call that uses tokens). */
  metered: boolean;
  /** The injected credential: scrubbed from whatever the client is sent. */
  credential: string | null;
  /** The proxy's own response headers, flat: request id, overhead. */
  own: string[];
  drainAfterDisconnectMs: number;
  /** True once shutdown cuts what is still running. */
  shuttingDown(): boolean;
  /** The exchange is over (its row may be written). */
  finish(exchange: Exchange): void;
}

/**
 * Moves one upstream body to the client. Each mode (pass-through, rewrite, scrubbed error) is a
 * small subclass; this holds what they share: back-pressure, one write per tick, an echoed key
 * masked on the way, the bounded read after the client left (the final usage report comes last),
 * and the end of a body that broke off.
 */
export abstract class BodyPump {
  protected readonly exchange: Exchange;
  protected readonly reader: BodyReader;
  private readonly scrubber: StreamScrubber | null;
  private drainTimer: NodeJS.Timeout | null = null;
  private corked = false;
  private readonly resume: () => void;

  constructor(protected readonly context: PumpContext) {
    this.exchange = context.exchange;
    this.reader = context.reader;
    // A 200 stream may carry an `event: error` that echoes the key: masked chunk by chunk, length kept.
    this.scrubber = scrubbable(context.credential) ? createStreamScrubber(context.credential) : null;
    this.resume = () => context.upstream.resume();
    this.exchange.onClientGone(() => this.keepReadingForUsage());
  }

  /** The upstream's headers arrived. */
  abstract start(): void;
  /** One body chunk; false pauses the upstream until the client drains. */
  abstract data(chunk: Buffer): boolean;
  /** The upstream body ended. */
  abstract end(): void;

  /** The upstream body broke off (idle timeout, reset, abort after the client left, shutdown). */
  fail(error: Error & { code?: string }): void {
    this.reader.end();
    const { exchange } = this;
    const res = exchange.res;
    const cut = this.context.shuttingDown();
    const timedOut = !cut && error.code === 'UND_ERR_BODY_TIMEOUT';
    exchange.errorMessage ??= cut
      ? 'Switchboard is shutting down; the answer was cut'
      : `The upstream ${timedOut ? 'stopped sending (idle timeout)' : 'connection failed mid-stream'}`;
    if (!exchange.clientGone) {
      const sse = this.context.head.get('content-type')?.startsWith('text/event-stream') === true;
      if (!res.headersSent) exchange.refuse(cut ? shutdownRefusal() : new AppError('upstream_timeout', 'The upstream stopped sending'));
      else if (sse && cut) this.endWith(sseError('Switchboard is shutting down; the answer was cut', 'shutdown', 'overloaded_error'));
      else if (sse)
        this.endWith(sseError(timedOut ? 'The upstream stopped sending (idle timeout)' : 'The upstream connection failed mid-stream'));
      else res.destroy(); // a broken body: the client must not take a cut answer for a whole one
    }
    if (cut) return this.done('shutdown', true);
    this.done(timedOut ? 'upstream_timeout' : 'upstream_error');
  }

  /** Sends the response head. */
  protected writeHead(keepLength: boolean): void {
    const { exchange, context } = this;
    exchange.res.writeHead(context.status, context.head.forClient(keepLength, context.own, context.credential));
    exchange.markFirstByte();
    if (exchange.capture) {
      const encoding = context.head.get('content-encoding');
      exchange.capture.encoding = encoding && encoding !== 'identity' ? encoding : null;
    }
  }

  /**
   * Writes to the client; when its buffer is full, the upstream waits for it to drain. What one
   * tick writes (the chunks undici parsed from one socket read) leaves in one write: the response
   * is corked until the next tick.
   */
  protected write(bytes: Buffer): boolean {
    const res = this.exchange.res;
    if (!this.corked) {
      this.corked = true;
      res.cork();
      process.nextTick(uncork, this);
    }
    const out = this.scrubber ? this.scrubber.feed(bytes) : bytes;
    this.exchange.capture?.response(out);
    if (res.write(out)) return true;
    res.once('drain', this.resume);
    return false;
  }

  /** Ends the response with the body's last bytes, if any (which sends whatever is corked). */
  protected endResponse(last?: Buffer | null): void {
    if (last) this.write(last);
    this.endWith(undefined);
  }

  /** Ends the response with text of the proxy's own (scrubbed already, or free of any key). */
  protected endWith(text: string | undefined): void {
    this.corked = false;
    const held = this.scrubber?.end();
    if (held) this.exchange.res.write(held);
    if (held) this.exchange.capture?.response(held);
    if (text) this.exchange.capture?.response(text);
    this.exchange.res.end(text);
    this.afterFlush();
  }

  /** Sends what this tick wrote. */
  flush(): void {
    if (!this.corked) return;
    this.corked = false;
    this.exchange.res.uncork();
    this.afterFlush();
  }

  /** What a mode does once its bytes have left. */
  protected afterFlush(): void {}

  /**
   * Records how the exchange ended, once the usage is final (a decoding reader finishes after the
   * body). The status is the upstream's unless a refusal replaced it.
   */
  protected done(outcome: string, evenIfClientGone = false): void {
    if (this.drainTimer) clearTimeout(this.drainTimer);
    const { exchange, reader } = this;
    if (exchange.status === 0) exchange.status = this.context.status;
    if (exchange.status >= 400) exchange.errorMessage ??= `The upstream answered HTTP ${exchange.status}`;
    exchange.outcome = exchange.clientGone && !evenIfClientGone ? 'client_disconnect' : outcome;
    if (reader.finished) void reader.finished.then(() => this.settle());
    else this.settle();
  }

  private settle(): void {
    const { exchange, reader } = this;
    exchange.usage = reader.usage;
    exchange.usageUnknown = this.context.metered && !reader.usage.reported;
    this.context.finish(exchange);
  }

  private keepReadingForUsage(): void {
    this.context.upstream.resume();
    this.drainTimer = setTimeout(
      () => this.context.upstream.abort(new Error('client left; stopped waiting for the upstream')),
      this.context.drainAfterDisconnectMs,
    );
  }
}

function uncork(pump: BodyPump): void {
  pump.flush();
}

/** The error event Anthropic's and OpenAI's SDKs both surface as an API error. */
export function sseError(message: string, code = 'upstream_timeout', type = 'timeout_error'): string {
  return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type, code, message } })}\n\n`;
}
