import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { openAiResponses } from './formats';
import { readKnobs, type Knobs } from './knobs';

export interface SocketCounts {
  /** Handshakes the fake accepted. */
  opened: number;
  /** `response.create` messages it received. */
  creates: number;
  /** Sockets open now. */
  open: number;
  /** Cuts every open socket (the fake is closing). */
  terminate(): void;
}

/**
 * The Responses API's WebSocket mode, as api.openai.com speaks it: `response.create` in, the same
 * events as the SSE stream out (`response.created`, deltas, `response.completed` with usage).
 * Knobs come from the handshake's `x-fake-*` headers; `x-fake-ws-close-after: N` closes the
 * socket (1011) after N events of a response, `x-fake-echo-key: stream` sends an `error` event
 * naming the credential first, and a credential containing "revoked" is refused with a 401.
 */
export function serveResponsesSocket(server: Server, onHandshake: (req: IncomingMessage) => void): SocketCounts {
  const wss = new WebSocketServer({ noServer: true });
  const counts: SocketCounts = { opened: 0, creates: 0, open: 0, terminate: () => wss.clients.forEach((ws) => ws.terminate()) };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    onHandshake(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname.replace(/^(\/v3)?\/ai\/[a-z]+/, '');
    const credential = String(req.headers.authorization ?? '');
    if (path !== '/v1/responses') return refuse(socket, 404, 'fake upstream has no WebSocket here');
    if (credential.includes('revoked')) return refuse(socket, 401, 'Incorrect API key provided');
    wss.handleUpgrade(req, socket, head, (ws) => {
      counts.opened++;
      counts.open++;
      ws.once('close', () => counts.open--);
      const knobs = readKnobs(req.headers);
      const closeAfter = Number(req.headers['x-fake-ws-close-after'] ?? NaN);
      ws.on('message', (data) => {
        const event = JSON.parse(data.toString()) as Record<string, unknown>;
        if (event.type !== 'response.create') return;
        counts.creates++;
        void answer(ws, event, knobs, closeAfter, credential);
      });
    });
  });
  return counts;
}

async function answer(ws: WebSocket, create: Record<string, unknown>, knobs: Knobs, closeAfter: number, credential: string): Promise<void> {
  const model = typeof create.model === 'string' ? create.model : 'unknown-model';
  if (knobs.echoKeyIn === 'stream')
    ws.send(JSON.stringify({ type: 'error', status: 429, error: { type: 'rate_limit_error', message: `slow down, ${credential}` } }));
  // The same events as the SSE stream, without the `event:`/`data:` framing.
  const events = (openAiResponses(model, knobs, true).frames as string[]).map((frame) => frame.split('\ndata: ')[1]!.trim());
  for (const [i, event] of events.entries()) {
    if (ws.readyState !== ws.OPEN) return;
    if (i === closeAfter) return ws.close(1011, 'fake upstream went away');
    ws.send(event);
    if (knobs.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, knobs.chunkDelayMs));
  }
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: { type: 'invalid_request_error', message, code: status === 401 ? 'invalid_api_key' : null } });
  socket.end(
    `HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
