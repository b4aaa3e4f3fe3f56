import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Token } from '../../../shared/operations/tokens';
import type { AttemptRecord } from '../../../shared/operations/usage';
import { sendJson } from '../http/http-io';
import type { RequestTarget } from '../http/request-target';
import { isoOf } from '../clock';
import { timeOrderedUuid } from '../ids';
import { errorAnswerFor } from '../providers/index';
import type { Reservation } from './budget-reservations';
import type { BodyCapture } from './body-capture';
import type { SlotRelease } from './concurrency-slots';
import type { ProxyRoute } from './route-path';
import type { MeteredUsage } from './streaming/extract-usage';
import type { ClientBody } from './prepare-upstream';

/**
 * One proxied request from arrival to its usage row. Each stage writes what it learned here; the
 * exchange alone watches the client, so "the client is gone" has one answer everywhere.
 */
export class Exchange {
  /** A UUIDv7 from the arrival time, so the request log finds a request by its id without an index of random keys. */
  readonly requestId: string;
  readonly at: string;
  /** The upstream path once routed; the whole request path before. */
  endpoint: string;
  providerRef = '';
  route: ProxyRoute | null = null;
  token: Token | null = null;
  provider: AiProvider | null = null;
  labels: Record<string, string> | null = null;
  model: string | null = null;
  streamed = false;
  /** What the client was answered: filled in by whichever stage ends the exchange. */
  status = 0;
  /** `ok`, `upstream_error`, `client_disconnect`, `upstream_timeout`, `rate_limited`, … */
  outcome = '';
  usage: MeteredUsage | null = null;
  /** An answer that should have reported usage did not (or could not be read): tokens unknown, not zero. */
  usageUnknown = false;
  /** What the client sent: the estimate charged against its token's limits when usage is unknown is made from it. */
  clientBody: ClientBody | null = null;
  /** What the admit stage holds for this request (estimate, caps, input tokens) until the meter settles it. */
  reservation: Reservation | null = null;
  /** Lets go of the token's concurrent slot this request holds (null: its token has no concurrency limit). */
  releaseSlot: SlotRelease | null = null;
  ttfbMs: number | null = null;
  /** The route the request named, when it named one. */
  routeId: string | null = null;
  /** Upstream calls made so far. */
  attempts = 0;
  /** A routed request's attempts (target, status, error, duration); null for a provider route. */
  attemptLog: AttemptRecord[] | null = null;
  /** What the proxy added before the upstream's answer went on: set once an upstream answers. */
  overheadMs: number | null = null;
  /** The error message the client was answered, for the request log (never a body). */
  errorMessage: string | null = null;
  /** Set only for a project that keeps bodies: what this request sent and got. */
  capture: BodyCapture | null = null;
  clientGone = false;
  /** Set once the exchange has ended: it is metered, and counted out of flight, exactly once. */
  ended = false;
  private whenGone: (() => void) | null = null;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: RequestTarget,
    /** performance.now() at arrival. */
    readonly started: number,
    /** Date.now() at arrival. */
    readonly now: number,
  ) {
    this.at = isoOf(now);
    this.requestId = timeOrderedUuid(now);
    this.endpoint = url.pathname;
    res.on('close', () => {
      if (res.writableFinished) return;
      this.clientGone = true;
      this.whenGone?.();
    });
  }

  /** Runs `listener` once the client leaves before its answer is complete (at once if it already has). */
  onClientGone(listener: () => void): void {
    if (this.clientGone) listener();
    else this.whenGone = listener;
  }

  /** The first byte of the answer is about to leave. */
  markFirstByte(): void {
    this.ttfbMs = Math.round(performance.now() - this.started);
  }

  /**
   * Ends the exchange with a refusal: the error's JSON, in the routed provider's own error shape, to
   * the client when it can still take it, and
   * the row's status and outcome (the error's code unless `outcome` says otherwise). `stillReading`:
   * the rest of the body is still wanted (bounded), so the connection is not closed with the answer.
   */
  refuse(error: AppError, outcome: string = error.code, stillReading = false): void {
    this.status = error.status;
    this.outcome = outcome;
    this.errorMessage = error.message.slice(0, 300);
    const res = this.res;
    if (res.headersSent || this.clientGone) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = { 'x-request-id': this.requestId };
    // Refused before its body was read (no token, a bad one, over a limit): close rather than wait for it.
    if (!this.req.complete && !stillReading) headers.connection = 'close';
    if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
    const answer = errorAnswerFor(error, this.provider ?? this.providerRef);
    sendJson(res, error.status, answer.body, { ...headers, ...answer.headers });
  }
}
