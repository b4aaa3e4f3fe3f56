import type { IncomingMessage } from 'node:http';
import { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '../../../shared/errors';

/** A request asking to switch to WebSocket (Codex opens one to `/v1/responses` before it posts). */
export function asksForWebSocket(req: IncomingMessage): boolean {
  return req.headers.upgrade?.toLowerCase() === 'websocket';
}

/**
 * The refusal that makes a WebSocket client fall back to plain HTTP at once: 426 is the status
 * Codex treats as "use HTTP" without retrying the socket.
 */
export function webSocketRefusal(): AppError {
  return new AppError('upgrade_required', 'Switchboard does not proxy WebSocket connections; send this request over HTTP (POST)');
}

/**
 * Gives an upgrade request to the ordinary handler with a response written on its socket, so it
 * is answered (and, on the agent endpoint, recorded) like any refused request; the socket then closes.
 */
export function answerUpgradeOverHttp(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  req: IncomingMessage,
  socket: Duplex,
): void {
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as never);
  const close = () => socket.end();
  res.once('finish', close);
  socket.once('error', () => socket.destroy());
  handler(req, res);
}
