import type { IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { AppError } from '../../../../shared/errors';
import type { Token } from '../../../../shared/operations/tokens';
import { claimUpgrade } from '../../http/upgrade';
import type { Logger } from '../../log';
import { scrubText } from '../credential-scrubber';
import type { Exchange } from '../exchange';
import type { MeteredExchange } from '../meter';
import type { UpstreamRequest } from '../prepare-upstream';
import { upstreamFailure } from '../proxy-failure';
import { checkedLookup, type HostLookup, type UpstreamTimeouts } from '../upstream-agent';
import { ResponsesSocket } from './responses-socket';

/** An upstream's refusal of the handshake is passed on whole up to this size (error bodies are small). */
const maxRefusalBytes = 64 * 1024;

/** RFC 6455 §4.1: 16 random bytes, base64. */
const handshakeKey = /^[+/0-9A-Za-z]{22}==$/;

export interface WebSocketProxyDeps {
  log: Logger;
  timeouts: UpstreamTimeouts;
  lookup?: HostLookup;
  drainAfterDisconnectMs: number;
  /** Larger messages close the socket (1009), as larger HTTP bodies are refused. */
  maxMessageBytes: number;
  meter(turn: MeteredExchange): void;
  /** The upstream refused the handshake with this status (a rejected key is noted). */
  answered(exchange: Exchange, status: number): void;
  /** The handshake failed or the client left during it: the exchange ends with its own row. */
  finish(exchange: Exchange): void;
  /** The socket is open: the exchange ends without a row (each response on it has its own) and stays in flight until `closed`. */
  upgraded(exchange: Exchange): void;
  closed(): void;
}

/** How the socket's turns are admitted: the token checked again, then its limits. */
export interface TurnAdmission {
  authenticate(): Promise<Token> | Token;
  permit(token: Token, now: number): void;
}

/** A WebSocket handshake the proxy can complete; anything else is refused before the upstream is called. */
export function assertWebSocketHandshake(req: IncomingMessage): void {
  const version = req.headers['sec-websocket-version'];
  if (req.method !== 'GET' || !handshakeKey.test(req.headers['sec-websocket-key'] ?? '') || (version !== '13' && version !== '8'))
    throw new AppError('bad_request', 'A WebSocket handshake is a GET with Sec-WebSocket-Key and Sec-WebSocket-Version: 13');
}

/**
 * The Responses API's WebSocket mode through the proxy. The upstream socket is opened first, with
 * the provider's credential; only once it is open is the client's handshake completed, so an
 * upstream that refuses is answered to the client over HTTP (with one row), as a refused POST is.
 */
export function createWebSocketProxy(deps: WebSocketProxyDeps) {
  const server = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: deps.maxMessageBytes });
  const requestIds = new WeakMap<IncomingMessage, string>();
  server.on('headers', (headers: string[], req: IncomingMessage) => {
    const requestId = requestIds.get(req);
    if (requestId) headers.push(`x-request-id: ${requestId}`);
  });
  const lookup = checkedLookup(deps.lookup);
  const sessions = new Set<ResponsesSocket>();

  function open(exchange: Exchange, upstream: UpstreamRequest, admission: TurnAdmission): void {
    const url = new URL(upstream.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const headers: Record<string, string> = {};
    // The handshake's own headers are the upstream socket's to choose.
    for (const name in upstream.headers) if (!name.startsWith('sec-websocket-')) headers[name] = upstream.headers[name]!;
    const socket = new WebSocket(url, {
      headers,
      perMessageDeflate: false,
      followRedirects: false,
      handshakeTimeout: deps.timeouts.connectMs,
      maxPayload: deps.maxMessageBytes,
      lookup: lookup as never,
    });
    let settled = false;
    const failed = (error: Error) => {
      if (settled) return;
      settled = true;
      exchange.refuse(upstreamFailure(error, exchange.provider!));
      deps.finish(exchange);
    };
    socket.once('error', failed);
    socket.once('unexpected-response', (_request, response) => {
      settled = true;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxRefusalBytes) chunks.push(chunk);
      });
      response.once('error', () => response.destroy());
      response.once('close', () => {
        const status = response.statusCode ?? 502;
        deps.answered(exchange, status);
        exchange.status = status;
        exchange.outcome = 'upstream_error';
        if (!exchange.clientGone) {
          const body = scrubText(Buffer.concat(chunks).toString('utf8'), upstream.credential);
          const type = String(response.headers['content-type'] ?? 'application/json');
          exchange.res.writeHead(status, {
            'content-type': type,
            'x-request-id': exchange.requestId,
            'content-length': Buffer.byteLength(body),
          });
          exchange.res.end(body);
        }
        deps.finish(exchange);
      });
    });
    socket.once('open', () => {
      settled = true;
      socket.off('error', failed);
      accept(exchange, socket, upstream, admission);
    });
  }

  /** Completes the client's handshake over the open upstream socket and joins the two. */
  function accept(exchange: Exchange, upstream: WebSocket, request: UpstreamRequest, admission: TurnAdmission): void {
    const claimed = exchange.clientGone ? null : claimUpgrade(exchange.req);
    let joined = false;
    if (claimed) {
      requestIds.set(exchange.req, exchange.requestId);
      server.handleUpgrade(exchange.req, claimed.socket, claimed.head, (client) => {
        joined = true;
        deps.upgraded(exchange);
        const session = new ResponsesSocket(
          client,
          upstream,
          {
            provider: exchange.provider!,
            providerRef: exchange.providerRef,
            routeId: exchange.routeId,
            endpoint: exchange.endpoint,
            labels: exchange.labels,
            credential: request.credential,
          },
          {
            log: deps.log,
            authenticate: admission.authenticate,
            permit: admission.permit,
            meter: deps.meter,
            drainAfterDisconnectMs: deps.drainAfterDisconnectMs,
            idleMs: deps.timeouts.idleMs,
            closed: (ended) => {
              sessions.delete(ended);
              deps.closed();
            },
          },
        );
        sessions.add(session);
      });
    }
    // The client left while the upstream was being reached: nothing to join.
    if (!joined) {
      upstream.terminate();
      exchange.status = 499;
      exchange.outcome = 'client_disconnect';
      deps.finish(exchange);
    }
  }

  return {
    open,
    /** Shutdown: idle sockets close now, busy ones after their running response. */
    closeIdle: () => [...sessions].forEach((session) => session.closeWhenIdle()),
    /** Shutdown ran out of time: every socket is cut, its running responses recorded as `shutdown`. */
    cutAll: () => [...sessions].forEach((session) => session.cut()),
  };
}
export type WebSocketProxy = ReturnType<typeof createWebSocketProxy>;
