import type { Dispatcher } from 'undici';
import type { Exchange } from './exchange';
import type { BodyPump, UpstreamControl } from './forward/body-pump';
import { choosePump, readerFor } from './forward/choose-pump';
import { ResponseHead } from './forward/response-head';
import type { UpstreamRequest } from './prepare-upstream';

/** Whoever sent the call: the attempt it belongs to. */
export interface CallOwner {
  readonly exchange: Exchange;
}

export interface CallContext<Owner extends CallOwner> {
  drainAfterDisconnectMs: number;
  shuttingDown(): boolean;
  /** The upstream answered with this status (before any byte is forwarded). */
  answered(exchange: Exchange, status: number): void;
  /** Failed before the first byte: nothing reached the client, so another attempt may follow. */
  failed(owner: Owner, call: UpstreamCall<Owner>, error: Error): void;
  /** The exchange is over. */
  finish(exchange: Exchange, call: UpstreamCall<Owner>): void;
}

/**
 * One upstream request, driven by undici's own handler hooks (the ones its HTTP/1 client calls
 * directly): no promise and no stream object per request, headers read from the raw list. From the
 * response head on, the answer is committed and a body pump moves it to the client.
 */
export class UpstreamCall<Owner extends CallOwner> implements Dispatcher.DispatchHandler, UpstreamControl {
  private abortUpstream: ((error?: Error) => void) | null = null;
  private resumeUpstream: (() => void) | null = null;
  private pump: BodyPump | null = null;

  private readonly exchange: Exchange;

  constructor(
    private readonly owner: Owner,
    private readonly request: UpstreamRequest,
    /** performance.now() when the request was handed to the pool. */
    private readonly sentAt: number,
    private readonly context: CallContext<Owner>,
  ) {
    this.exchange = owner.exchange;
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortUpstream = abort;
    if (this.context.shuttingDown()) abort(new Error('Switchboard is shutting down'));
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void): boolean {
    const headersAt = performance.now();
    const { exchange, context } = this;
    this.resumeUpstream = resume;
    context.answered(exchange, status);
    const head = new ResponseHead(raw);
    const overheadMs = this.sentAt - exchange.started + (performance.now() - headersAt);
    exchange.overheadMs = Math.round(overheadMs);
    this.pump = choosePump(this.request, {
      exchange,
      upstream: this,
      status,
      head,
      own: ['x-request-id', exchange.requestId, 'x-switchboard-overhead-ms', overheadMs.toFixed(3)],
      drainAfterDisconnectMs: context.drainAfterDisconnectMs,
      shuttingDown: context.shuttingDown,
      finish: () => context.finish(exchange, this),
      reader: readerFor(this.request, status, head),
      metered: this.request.plan.metered && status < 400,
      credential: this.request.credential,
    });
    this.pump.start();
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.pump!.data(chunk);
  }

  onComplete(): void {
    this.pump!.end();
  }

  onError(error: Error): void {
    if (this.pump) this.pump.fail(error);
    else this.context.failed(this.owner, this, error);
  }

  resume(): void {
    this.resumeUpstream?.();
  }

  abort(error: Error): void {
    this.abortUpstream?.(error);
  }
}
