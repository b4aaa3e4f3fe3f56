import type { RawData, WebSocket } from 'ws';
import type { AiProvider } from '../../../../shared/operations/ai-providers';
import type { Token } from '../../../../shared/operations/tokens';
import { openAiErrorAnswer } from '../../providers/error-answers';
import { scrubText } from '../credential-scrubber';
import type { MeteredExchange } from '../meter';
import { proxyFailure } from '../proxy-failure';
import type { Logger } from '../../log';
import { closeReason, relayMessage, sendableCloseCode } from './socket-relay';
import { SocketTurn } from './socket-turn';

export interface ResponsesSocketDeps {
  log: Logger;
  /** The socket's job token, checked again for each turn: a token revoked while the socket is open stops at its next turn. */
  authenticate(): Promise<Token> | Token;
  /** Counts a turn against the token's limits; throws the refusal. */
  permit(token: Token, now: number): void;
  meter(turn: MeteredExchange): void;
  /** After the client left, how long an unfinished response is still read for its usage. */
  drainAfterDisconnectMs: number;
  /** Longest upstream silence while a response is unfinished. */
  idleMs: number;
  /** The session is over: both sockets closed, every turn metered. */
  closed(session: ResponsesSocket): void;
}

/** What the session knows of the connection it serves. */
export interface SocketRoute {
  provider: AiProvider;
  providerRef: string;
  /** The route the socket was opened through (to its first target), or null. */
  routeId: string | null;
  endpoint: string;
  labels: Record<string, string> | null;
  /** The injected credential, scrubbed from whatever the upstream sends. */
  credential: string | null;
}

type Message = { data: RawData; binary: boolean };

/**
 * A client's Responses API WebSocket joined to the upstream's: frames pass both ways as they come,
 * with back-pressure; each `response.create` is admitted (token and limits, as an HTTP request
 * would be) and becomes a turn, metered from the event that ends it (`response.completed` carries
 * the exact usage). A client that leaves mid-response leaves the upstream to finish it (bounded),
 * so the row still has its usage.
 */
export class ResponsesSocket {
  /** Turns sent upstream and not yet ended, oldest first (the upstream answers them in order). */
  private readonly turns: SocketTurn[] = [];
  /** Client messages waiting while an earlier one is admitted (admission may need the store). */
  private readonly inbox: Message[] = [];
  private admitting = false;
  private clientGone = false;
  private closing = false;
  private over = false;
  private silence: NodeJS.Timeout | null = null;

  constructor(
    private readonly client: WebSocket,
    private readonly upstream: WebSocket,
    private readonly route: SocketRoute,
    private readonly deps: ResponsesSocketDeps,
  ) {
    client.on('message', (data, binary) => this.fromClient({ data, binary }));
    upstream.on('message', (data, binary) => this.fromUpstream(data, binary));
    client.on('close', () => this.clientClosed());
    client.on('error', () => this.clientClosed());
    upstream.on('close', (code, reason) => this.upstreamClosed(code, reason.toString('utf8')));
    upstream.on('error', () => this.upstreamClosed(1011, 'upstream connection failed'));
  }

  /** Shutdown asks politely: the socket closes now when no response is running, else after the last one ends. */
  closeWhenIdle(): void {
    this.closing = true;
    if (this.turns.length === 0) this.closeBoth(1001, 'Switchboard is shutting down');
  }

  /** Shutdown cuts: unfinished responses are recorded as `shutdown`, both sockets are closed at once. */
  cut(): void {
    this.endTurns(503, 'shutdown');
    this.closeBoth(1001, 'Switchboard is shutting down');
    this.client.terminate();
    this.upstream.terminate();
  }

  private fromClient(message: Message): void {
    if (this.admitting) {
      this.inbox.push(message);
      return;
    }
    const text = message.binary ? null : message.data.toString();
    const json = text === null ? null : parseObject(text);
    if (json?.type !== 'response.create') return relayMessage(this.client, this.upstream, message.data, message.binary);
    const turn = new SocketTurn(
      this.route.provider,
      this.route.providerRef,
      this.route.routeId,
      this.route.endpoint,
      this.route.labels,
      { bytes: Buffer.byteLength(text!), json },
      Date.now(),
    );
    let admitted: Promise<Token> | Token;
    try {
      admitted = this.deps.authenticate();
    } catch (error) {
      return this.refuseTurn(turn, error);
    }
    if (!(admitted instanceof Promise)) return this.sendTurn(turn, admitted, text!);
    this.admitting = true;
    void admitted
      .then(
        (token) => this.sendTurn(turn, token, text!),
        (error: unknown) => this.refuseTurn(turn, error),
      )
      .finally(() => {
        this.admitting = false;
        while (!this.admitting && this.inbox.length > 0) this.fromClient(this.inbox.shift()!);
      });
  }

  private sendTurn(turn: SocketTurn, token: Token, text: string): void {
    turn.token = token;
    try {
      this.deps.permit(token, Date.now());
    } catch (error) {
      return this.refuseTurn(turn, error);
    }
    if (this.upstream.readyState !== this.upstream.OPEN) {
      turn.end(502, 'upstream_error', true);
      return this.deps.meter(turn);
    }
    this.turns.push(turn);
    this.watchSilence();
    relayMessage(this.client, this.upstream, text, false);
  }

  /** A turn refused by Switchboard: an `error` event in OpenAI's shape to the client, nothing upstream, one row. */
  private refuseTurn(turn: SocketTurn, error: unknown): void {
    const refusal = proxyFailure(error, this.deps.log);
    turn.end(refusal.status, refusal.code, true);
    const body = openAiErrorAnswer(refusal).body as Record<string, unknown>;
    if (this.client.readyState === this.client.OPEN) this.client.send(JSON.stringify({ type: 'error', status: refusal.status, ...body }));
    // A refused token (revoked meanwhile) has no row, as on HTTP; a limit refusal is recorded against its token.
    this.deps.meter(turn);
  }

  private fromUpstream(data: RawData, binary: boolean): void {
    if (binary) {
      if (!this.clientGone) relayMessage(this.upstream, this.client, data, true);
      return;
    }
    const text = scrubText(data.toString(), this.route.credential);
    // Passed on before the turn ends: ending it may close the socket (shutdown), and this event is its last.
    if (!this.clientGone) relayMessage(this.upstream, this.client, text, false);
    const turn = this.turns[0];
    if (!turn) return;
    const event = parseObject(text);
    if (event && turn.read(event)) this.endTurn(turn);
    else this.watchSilence();
  }

  private endTurn(turn: SocketTurn): void {
    this.turns.shift();
    if (this.clientGone && turn.outcome === 'ok') turn.outcome = 'client_disconnect';
    this.deps.meter(turn);
    if (this.turns.length > 0) return this.watchSilence();
    this.stopWatching();
    if (this.clientGone) this.closeBoth(1000, '');
    else if (this.closing) this.closeBoth(1001, 'Switchboard is shutting down');
  }

  /** Upstream silence while a response runs is bounded, as on HTTP; after the client left, by the drain bound. */
  private watchSilence(): void {
    this.stopWatching();
    const ms = this.clientGone ? this.deps.drainAfterDisconnectMs : this.deps.idleMs;
    this.silence = setTimeout(() => {
      this.endTurns(this.clientGone ? 499 : 504, this.clientGone ? 'client_disconnect' : 'upstream_timeout');
      this.closeBoth(1011, 'The upstream stopped answering');
      this.upstream.terminate();
    }, ms);
    this.silence.unref();
  }

  private stopWatching(): void {
    if (this.silence) clearTimeout(this.silence);
    this.silence = null;
  }

  private clientClosed(): void {
    if (this.clientGone) return;
    this.clientGone = true;
    // The upstream finishes what it was asked (its usage is what the row needs); then it is closed too.
    if (this.turns.length === 0) this.closeBoth(1000, '');
    else this.watchSilence();
  }

  private upstreamClosed(code: number, reason: string): void {
    if (this.over) return;
    this.endTurns(this.clientGone ? 499 : 502, this.clientGone ? 'client_disconnect' : 'upstream_error');
    this.closeBoth(sendableCloseCode(code), scrubText(reason, this.route.credential));
  }

  /** Every unfinished turn ends with usage unknown. */
  private endTurns(status: number, outcome: string): void {
    for (const turn of this.turns.splice(0)) {
      turn.end(status, outcome, false);
      this.deps.meter(turn);
    }
    this.stopWatching();
  }

  private closeBoth(code: number, reason: string): void {
    if (this.over) return;
    this.over = true;
    this.stopWatching();
    for (const socket of [this.client, this.upstream]) {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, closeReason(reason));
    }
    this.deps.closed(this);
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
