import type { AiProvider } from '../../../../shared/operations/ai-providers';
import type { Token } from '../../../../shared/operations/tokens';
import { isoOf } from '../../clock';
import { timeOrderedUuid } from '../../ids';
import { errorMessageOf } from '../error-message';
import type { MeteredExchange } from '../meter';
import type { ClientBody } from '../prepare-upstream';
import { emptyUsage, extractUsage, type MeteredUsage } from '../streaming/extract-usage';

/** The events that end a response on a Responses API WebSocket, as its HTTP stream would end. */
const endings = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

/**
 * One response on a Responses API WebSocket: from the client's `response.create` to the event that
 * ends it. Metered like one HTTP request: one usage row, usage from `response.completed`.
 */
export class SocketTurn implements MeteredExchange {
  /** Time-ordered, as an HTTP request's: the request log finds it by its instant. */
  readonly requestId: string;
  readonly at: string;
  readonly started = performance.now();
  readonly streamed = true;
  token: Token | null = null;
  model: string | null;
  status = 0;
  outcome = '';
  usage: MeteredUsage | null = null;
  usageUnknown = false;
  ttfbMs: number | null = null;
  /** Not measured on a socket: the turn's frames pass as they come. */
  readonly overheadMs = null;
  /** The message of an upstream `error` event, or what ended the turn otherwise, for the request log. */
  errorMessage: string | null = null;
  /** One upstream call: a turn is never tried again elsewhere. */
  readonly attempts = 1;
  readonly attemptLog = null;
  /** Never set: a token under a spend cap is refused WebSocket mode and sent to HTTP, where requests are reserved. */
  readonly reservation = null;
  /** The upstream has created the response: from here on, an answer cut short used tokens we do not know. */
  private begun = false;

  constructor(
    readonly provider: AiProvider,
    readonly providerRef: string,
    readonly routeId: string | null,
    readonly endpoint: string,
    readonly labels: Record<string, string> | null,
    readonly clientBody: ClientBody,
    now: number,
  ) {
    this.at = isoOf(now);
    this.requestId = timeOrderedUuid(now);
    const model = clientBody.json?.model;
    this.model = typeof model === 'string' ? model.slice(0, 200) : null;
  }

  /** An upstream event of this response arrived; true when it ended the response (the turn is then complete). */
  read(event: Record<string, unknown>): boolean {
    this.ttfbMs ??= Math.round(performance.now() - this.started);
    const type = event.type;
    if (type === 'response.created') this.begun = true;
    if (typeof type !== 'string' || !endings.has(type)) return false;
    if (type === 'error') {
      // An error event before the response was created used nothing; after it, what it used is unknown.
      const status = Number(event.status);
      this.errorMessage = errorMessageOf(JSON.stringify(event), Number.isInteger(status) ? status : 502);
      this.end(Number.isInteger(status) && status >= 400 && status <= 599 ? status : 502, 'upstream_error', !this.begun);
      return true;
    }
    const usage = emptyUsage(this.model);
    extractUsage(event, usage);
    this.usage = usage;
    this.end(200, type === 'response.failed' ? 'upstream_error' : 'ok', usage.reported);
    return true;
  }

  /** Ends the turn: `known` false records its usage as unknown (never as zero). */
  end(status: number, outcome: string, known: boolean): void {
    this.status = status;
    this.outcome = outcome;
    if (status >= 400) this.errorMessage ??= `The upstream answered ${status} (${outcome})`;
    if (!known) {
      this.usage = null;
      this.usageUnknown = true;
    }
  }
}
