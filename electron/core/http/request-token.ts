import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Headers that provider SDKs put their key in besides `x-api-key` and `Authorization`: Gemini, Azure. */
export const sdkKeyHeaders = ['x-goog-api-key', 'api-key'] as const;

/**
 * The Switchboard token a request presents: `x-api-key: <token>` (Anthropic SDK, curl examples),
 * else `Authorization: Bearer <token>` (OpenAI SDK and most others) or `Authorization: Token <token>`,
 * else — only when asked, for SDKs pointed at the agent endpoint — one of `alsoFrom`.
 * Null when none is present; an Authorization header of another scheme counts as none.
 */
export function readRequestToken(headers: IncomingHttpHeaders, alsoFrom: readonly string[] = []): string | null {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return apiKey.trim();
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : null;
  }
  for (const name of alsoFrom) {
    const value = headers[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

/** Whom failed attempts are counted against: the peer address (all loopback today, so one bucket). */
export function clientKeyOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
