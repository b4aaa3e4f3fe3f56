import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import {
  constants,
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
} from 'node:http2';
import type { Socket } from 'node:net';
import type { ClientTimeouts } from './client-timeouts';

/** The first bytes of every HTTP/2 connection with prior knowledge (RFC 9113 §3.4). */
const preface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/** Connection-specific headers HTTP/2 forbids (RFC 9113 §8.2.2); Node throws on them, so they are dropped. */
const connectionHeaders = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Http2Sessions {
  /** Asks every HTTP/2 client to stop opening streams; streams in flight finish. */
  close(): void;
  /** Cuts every HTTP/2 connection at once. */
  destroy(): void;
}

/**
 * Serves HTTP/2 cleartext (prior knowledge, as the AWS SDK speaks to http:// endpoints) beside
 * HTTP/1.1 on the same listener: each new connection's first bytes are read, and a connection that
 * opens with the HTTP/2 preface goes to an h2c server, any other to `server`'s own HTTP/1.1 parser.
 * Both feed the same `handler` (HTTP/2 through Node's compatibility request and response).
 */
export function acceptHttp2Cleartext(server: Server, handler: Handler, bounds: ClientTimeouts): Http2Sessions {
  const http2 = createHttp2Server((req, res) => {
    guardStream(req, bounds);
    withoutConnectionHeaders(res);
    handler(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  });
  const sessions = new Set<ServerHttp2Session>();
  http2.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
    closeWhenIdle(session, bounds.idleConnectionMs);
  });

  const http1 = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    let seen: Buffer = Buffer.alloc(0);
    // A client that connects and says nothing is bounded like one that never finishes its headers.
    const onSilence = () => socket.destroy();
    socket.setTimeout(bounds.headersMs, onSilence);
    const onData = (chunk: Buffer) => {
      seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
      const compared = Math.min(seen.length, preface.length);
      const isHttp2 = seen.subarray(0, compared).equals(preface.subarray(0, compared));
      if (isHttp2 && seen.length < preface.length) return;
      socket.off('data', onData);
      socket.setTimeout(0);
      socket.off('timeout', onSilence);
      socket.pause();
      if (isHttp2) {
        socket.unshift(seen); // the HTTP/2 session reads what the socket already holds
        http2.emit('connection', socket);
      } else {
        // The HTTP/1 parser reads the socket's handle directly, so the bytes read here are replayed to it.
        for (const listener of http1) listener.call(server, socket);
        socket.emit('data', seen);
        socket.resume();
      }
    };
    socket.on('data', onData);
  });

  return {
    close: () => sessions.forEach((session) => session.close()),
    destroy: () => sessions.forEach((session) => session.destroy()),
  };
}

/**
 * Ends a session (GOAWAY, then the socket closes) once it has had no open stream for `idleMs`, as
 * HTTP/1.1's keep-alive timeout ends an idle socket; a stream in flight, however quiet, keeps it.
 */
function closeWhenIdle(session: ServerHttp2Session, idleMs: number): void {
  let open = 0;
  let timer: NodeJS.Timeout | null = null;
  const arm = () => {
    timer = setTimeout(() => session.close(), idleMs);
    timer.unref();
  };
  session.on('stream', (stream) => {
    open++;
    if (timer) clearTimeout(timer);
    timer = null;
    stream.once('close', () => {
      if (--open === 0 && !session.closed && !session.destroyed) arm();
    });
  });
  session.once('close', () => {
    if (timer) clearTimeout(timer);
  });
  arm();
}

/**
 * The slow-client bounds of HTTP/1.1, per stream: a request body silent for `bodyIdleMs` or not
 * complete within `requestMs` is cancelled (the connection and its other streams live on).
 */
function guardStream(req: Http2ServerRequest, bounds: ClientTimeouts): void {
  if (req.complete) return;
  const stream = req.stream;
  const cancel = () => stream.close(constants.NGHTTP2_CANCEL);
  const whole = setTimeout(cancel, bounds.requestMs);
  whole.unref();
  stream.setTimeout(bounds.bodyIdleMs, cancel);
  req.once('end', () => {
    clearTimeout(whole);
    stream.setTimeout(0);
  });
  stream.once('close', () => clearTimeout(whole));
}

/** Handlers written for HTTP/1.1 may set `connection: close` and the like; on HTTP/2 those are dropped. */
function withoutConnectionHeaders(res: Http2ServerResponse): void {
  const writeHead = res.writeHead.bind(res);
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) =>
    connectionHeaders.has(name.toLowerCase()) ? res : setHeader(name, value);
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const message = rest.find((value): value is string => typeof value === 'string');
    const given = rest.find((value) => typeof value === 'object' && value !== null) as OutgoingHttpHeaders | string[] | undefined;
    const headers = Array.isArray(given)
      ? withoutFlat(given)
      : given && Object.fromEntries(Object.entries(given).filter(([name]) => !connectionHeaders.has(name.toLowerCase())));
    return message === undefined
      ? writeHead(status, headers as OutgoingHttpHeaders)
      : writeHead(status, message, headers as OutgoingHttpHeaders);
  }) as typeof res.writeHead;
}

/** Node's flat `[name, value, …]` header list without the connection-specific pairs. */
function withoutFlat(flat: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) if (!connectionHeaders.has(flat[i]!.toLowerCase())) out.push(flat[i]!, flat[i + 1]!);
  return out;
}
