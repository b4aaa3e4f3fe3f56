import type { Dispatcher } from 'undici';
import type { Exchange } from './exchange';
import type { BodyPump, UpstreamControl } from './forward/body-pump';
import { choosePump, readerFor } from './forward/choose-pump';
import { ResponseHead } from './forward/response-head';
import type { InFlightLinks } from './in-flight-list';
import type { UpstreamRequest } from './prepare-upstream';
import type { StreamHold } from './routes/stream-hold';

/** Whoever sent the call: the attempt it belongs to. */
export interface CallOwner {
  readonly exchange: Exchange;
}

/**
 * What to do with a response head: `forward` it (the answer is committed), hold a stream until
 * its first content with the given hold (it may still fail, and another attempt may answer
 * instead), or `retry` (the answer is dropped unread by the client and another attempt follows).
 */
export type Verdict = 'forward' | 'retry' | StreamHold;

export interface CallContext<Owner extends CallOwner> {
  drainAfterDisconnectMs: number;
  shuttingDown(): boolean;
  /** The upstream answered with this head (before any byte is forwarded). */
  answered(owner: Owner, call: UpstreamCall<Owner>, status: number, head: ResponseHead): Verdict;
  /** A held stream failed before any content; true when another attempt takes over (this call is dropped). */
  heldFailed(owner: Owner, call: UpstreamCall<Owner>): boolean;
  /** A held stream showed content (or ended): it is the answer. */
  committed(owner: Owner): void;
  /** Failed before the first byte: nothing reached the client, so another attempt may follow. */
  failed(owner: Owner, call: UpstreamCall<Owner>, error: Error): void;
  /** The exchange is over. */
  finish(exchange: Exchange, call: UpstreamCall<Owner>): void;
}

/**
 * One upstream request, driven by undici's own handler hooks (the ones its HTTP/1 client calls
 * directly): no promise and no stream object per request, headers read from the raw list. From the
 * response head on (or, for a held stream, from its first content) the answer is committed and a
 * body pump moves it to the client; a dropped answer is read to its end and goes nowhere.
 */
export class UpstreamCall<Owner extends CallOwner>
  implements Dispatcher.DispatchHandler, UpstreamControl, InFlightLinks<UpstreamCall<Owner>>
{
  previousInFlight: UpstreamCall<Owner> | null = null;
  nextInFlight: UpstreamCall<Owner> | null = null;
  private abortUpstream: ((error?: Error) => void) | null = null;
  private resumeUpstream: (() => void) | null = null;
  private pump: BodyPump | null = null;
  private hold: StreamHold | null = null;
  private holdHead: { status: number; head: ResponseHead; headersAt: number } | null = null;
  /** Given up for another attempt: whatever still arrives is ignored. */
  private dropped = false;

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

  /** The request this call sent (its key, its plan). */
  get sent(): UpstreamRequest {
    return this.request;
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortUpstream = abort;
    if (this.context.shuttingDown()) abort(new Error('Switchboard is shutting down'));
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void): boolean {
    const headersAt = performance.now();
    this.resumeUpstream = resume;
    const head = new ResponseHead(raw);
    const verdict = this.context.answered(this.owner, this, status, head);
    if (verdict === 'retry') {
      this.dropped = true;
      return true;
    }
    if (verdict !== 'forward') {
      this.hold = verdict;
      this.holdHead = { status, head, headersAt };
      return true;
    }
    this.startPump(status, head, headersAt);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.dropped) return true;
    if (this.hold) {
      const decision = this.hold.feed(chunk);
      if (decision === 'hold') return true;
      if (decision === 'failed' && this.context.heldFailed(this.owner, this)) {
        this.drop(new Error('the upstream stream failed before any content; another attempt answers'));
        return true;
      }
      return this.commit();
    }
    return this.pump!.data(chunk);
  }

  onComplete(): void {
    if (this.dropped) return;
    if (this.hold) this.commit();
    this.pump!.end();
  }

  onError(error: Error): void {
    if (this.dropped) return;
    if (this.hold) {
      // Broken off before any content: as good as no answer, so another attempt may still follow.
      if (this.context.heldFailed(this.owner, this)) return this.drop(error);
      this.commit();
    }
    if (this.pump) this.pump.fail(error);
    else this.context.failed(this.owner, this, error);
  }

  resume(): void {
    this.resumeUpstream?.();
  }

  abort(error: Error): void {
    this.abortUpstream?.(error);
  }

  private drop(error: Error): void {
    this.dropped = true;
    this.hold = null;
    this.abortUpstream?.(error);
  }

  /** The held stream is the answer: its head and held bytes go to the client, in order. */
  private commit(): boolean {
    const { status, head, headersAt } = this.holdHead!;
    const held = this.hold!.take();
    this.hold = null;
    this.context.committed(this.owner);
    this.startPump(status, head, headersAt);
    let flowing = true;
    for (const chunk of held) flowing = this.pump!.data(chunk);
    return flowing;
  }

  private startPump(status: number, head: ResponseHead, headersAt: number): void {
    const { exchange, context } = this;
    const overheadMs = this.sentAt - exchange.started + (performance.now() - headersAt);
    exchange.overheadMs = Math.round(overheadMs);
    const own = ['x-request-id', exchange.requestId, 'x-switchboard-overhead-ms', overheadMs.toFixed(3)];
    if (exchange.routeId !== null) own.push('x-switchboard-target', exchange.provider!.id);
    this.pump = choosePump(this.request, {
      exchange,
      upstream: this,
      status,
      head,
      own,
      drainAfterDisconnectMs: context.drainAfterDisconnectMs,
      shuttingDown: context.shuttingDown,
      finish: () => context.finish(exchange, this),
      reader: readerFor(this.request, status, head),
      metered: this.request.plan.metered && status < 400,
      credential: this.request.credential,
    });
    this.pump.start();
  }
}
