import { AppError } from '../../../../shared/errors';
import type { Exchange } from '../exchange';
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
  /** The proxy's own response headers, flat: request id, overhead. */
  own: string[];
  drainAfterDisconnectMs: number;
  /** The exchange is over (its row may be written). */
  finish(exchange: Exchange): void;
}

/**
 * Moves one upstream body to the client. Each mode (pass-through, rewrite, scrubbed error) is a
 * small subclass; this holds what they share: back-pressure, the bounded read after the client
 * left (the final usage report comes last), and the end of a body that broke off.
 */
export abstract class BodyPump {
  protected readonly exchange: Exchange;
  protected readonly reader: BodyReader;
  private drainTimer: NodeJS.Timeout | null = null;
  private corked = false;
  private readonly resume: () => void;

  constructor(protected readonly context: PumpContext) {
    this.exchange = context.exchange;
    this.reader = context.reader;
    this.resume = () => context.upstream.resume();
    this.exchange.onClientGone(() => this.keepReadingForUsage());
  }

  /** The upstream's headers arrived. */
  abstract start(): void;
  /** One body chunk; false pauses the upstream until the client drains. */
  abstract data(chunk: Buffer): boolean;
  /** The upstream body ended. */
  abstract end(): void;

  /** The upstream body broke off (idle timeout, reset, abort after the client left). */
  fail(error: Error & { code?: string }): void {
    this.reader.end();
    const timedOut = error.code === 'UND_ERR_BODY_TIMEOUT';
    const { exchange } = this;
    const res = exchange.res;
    if (exchange.clientGone) return this.done('client_disconnect');
    if (!res.headersSent) {
      exchange.refuse(new AppError('upstream_timeout', 'The upstream stopped sending'));
      return this.done(exchange.outcome);
    }
    if (this.context.head.get('content-type')?.startsWith('text/event-stream')) this.endResponse(sseError(timedOut ? 'The upstream stopped sending (idle timeout)' : 'The upstream connection failed mid-stream'));
    else res.destroy();
    this.done(timedOut ? 'upstream_timeout' : 'upstream_error');
  }

  /** Sends the response head. */
  protected writeHead(keepLength: boolean): void {
    const { exchange, context } = this;
    exchange.res.writeHead(context.status, context.head.forClient(keepLength, context.own));
    exchange.markFirstByte();
  }

  /**
   * Writes to the client; when its buffer is full, the upstream waits for it to drain. What one
   * tick writes (the chunks undici parsed from one socket read) leaves in one write: the response
   * is corked until the next tick.
   */
  protected write(out: Buffer): boolean {
    const res = this.exchange.res;
    if (!this.corked) {
      this.corked = true;
      res.cork();
      process.nextTick(uncork, this);
    }
    if (res.write(out)) return true;
    res.once('drain', this.resume);
    return false;
  }

  /** Ends the response (which sends whatever is corked). */
  protected endResponse(tail?: Buffer | string): void {
    this.corked = false;
    this.exchange.res.end(tail);
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

  /** Records how the exchange ended; the status is the upstream's unless a refusal replaced it. */
  protected done(outcome: string): void {
    if (this.drainTimer) clearTimeout(this.drainTimer);
    const { exchange } = this;
    if (exchange.status === 0) exchange.status = this.context.status;
    exchange.outcome = exchange.clientGone ? 'client_disconnect' : outcome;
    exchange.usage = this.reader.usage;
    this.context.finish(exchange);
  }

  private keepReadingForUsage(): void {
    this.context.upstream.resume();
    this.drainTimer = setTimeout(() => this.context.upstream.abort(new Error('client left; stopped waiting for the upstream')), this.context.drainAfterDisconnectMs);
  }
}

function uncork(pump: BodyPump): void {
  pump.flush();
}

/** The error event Anthropic's and OpenAI's SDKs both surface as an API error. */
export function sseError(message: string): string {
  return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'timeout_error', code: 'upstream_timeout', message } })}\n\n`;
}
