import type { IncomingMessage, Server } from 'node:http';

/** How long the local server waits on a slow client before closing its socket. */
export interface ClientTimeouts {
  /** From connecting (or the previous response) to the end of the request headers. */
  headersMs: number;
  /** From the first byte to the end of the request body: a body dribbled a byte at a time still ends here. */
  requestMs: number;
  /** Longest silence while a request body is still arriving. */
  bodyIdleMs: number;
  /** How long a connection with nothing in flight stays open: an HTTP/1.1 keep-alive socket, an HTTP/2 session without a stream. */
  idleConnectionMs: number;
}

export const defaultClientTimeouts: ClientTimeouts = {
  headersMs: 30_000,
  requestMs: 300_000,
  bodyIdleMs: 60_000,
  idleConnectionMs: 65_000,
};

/** Node's settings for the header and whole-request bounds, checked as often as the shortest needs. */
export function serverTimeoutOptions(timeouts: ClientTimeouts) {
  return {
    headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs), // Node requires headers ≤ whole request

    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(Math.min(timeouts.headersMs, timeouts.requestMs) / 4))),
  };
}

/**
 * Closes a socket whose request body goes silent for `bodyIdleMs`. The socket timeout is set only
 * while a body is arriving, so a long streamed response to a quiet client is never cut by it.
 */
export function watchBodyIdle(server: Server, bodyIdleMs: number): void {
  server.on('request', (req: IncomingMessage) => {
    // The request event comes before the parser pushes the body that arrived with the headers: a
    // tick later most bodies are whole, and no timer is armed for them.
    if (!req.complete) process.nextTick(watchUnfinishedBody, req, bodyIdleMs);
  });
}

function watchUnfinishedBody(req: IncomingMessage, bodyIdleMs: number): void {
  if (req.complete) return;
  const socket = req.socket;
  const onIdle = () => socket.destroy();
  socket.setTimeout(bodyIdleMs, onIdle);
  req.once('end', () => {
    socket.setTimeout(0);
    socket.off('timeout', onIdle);
  });
}
