import type { IncomingMessage } from 'node:http';

/**
 * The Switchboard token a request presents: `Authorization: Bearer <token>`,
 * `Authorization: Token <token>` or `x-api-key: <token>`. Null when none is present.
 */
export function readRequestToken(req: IncomingMessage): string | null {
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return apiKey.trim();
  const match = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match ? match[1]! : null;
}

/** Whom failed attempts are counted against: the peer address (all loopback today, so one bucket). */
export function clientKeyOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
