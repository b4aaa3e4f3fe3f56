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
  return new AppError('upgrade_required', 'Switchboard does not proxy WebSocket connections here; send this request over HTTP (POST)');
}

/** The raw connection of an upgrade request, for a handler that switches protocols on it. */
export interface UpgradeSocket {
  socket: Duplex;
  /** Bytes the client sent after its request headers (usually none: a client waits for the 101). */
  head: Buffer;
}

interface PendingUpgrade extends UpgradeSocket {
  res: ServerResponse;
  close(): void;
}

/** Upgrade requests still answerable over HTTP, until a handler claims their socket. */
const pending = new WeakMap<IncomingMessage, PendingUpgrade>();

/**
 * Gives an upgrade request to the ordinary handler with a response written on its socket, so it
 * is answered (and, on the agent endpoint, recorded) like any refused request; the socket then
 * closes. A handler that does switch protocols takes the socket with `claimUpgrade`.
 */
export function answerUpgradeOverHttp(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer = Buffer.alloc(0),
): void {
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as never);
  const close = () => socket.end();
  res.once('finish', close);
  socket.once('error', () => socket.destroy());
  pending.set(req, { socket, head, res, close });
  handler(req, res);
}

/**
 * Takes an upgrade request's connection away from its HTTP answer, for a protocol switch; null when
 * the request has no connection to switch (an ordinary request, HTTP/2, or one already claimed or answered).
 */
export function claimUpgrade(req: IncomingMessage): UpgradeSocket | null {
  const upgrade = pending.get(req);
  if (!upgrade || upgrade.res.headersSent) return null;
  pending.delete(req);
  upgrade.res.off('finish', upgrade.close);
  upgrade.res.detachSocket(upgrade.socket as never);
  return { socket: upgrade.socket, head: upgrade.head };
}
