import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** The access key id in a SigV4 Authorization header: the part of `Credential=` before the scope. */
const sigV4Credential = /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\//;

/** Headers that provider SDKs put their key in besides `x-api-key` and `Authorization`: Gemini, Azure. */
export const sdkKeyHeaders = ['x-goog-api-key', 'api-key'] as const;

/**
 * The Switchboard token a request presents: `x-api-key: <token>` (Anthropic SDK, curl examples),
 * else `Authorization: Bearer <token>` (OpenAI SDK and most others) or `Authorization: Token <token>`,
 * else — only when asked, for SDKs pointed at the agent endpoint — one of `alsoFrom`, or the access
 * key id of an AWS SigV4 `Authorization` (`AWS4-HMAC-SHA256 Credential=<token>/<scope>…`): an AWS
 * SDK configured with the token as its access key. The signature is not checked: the token is the
 * credential, and the secret key it was signed with is whatever the client chose.
 * Null when none is present; an Authorization header of another scheme counts as none.
 */
export function readRequestToken(headers: IncomingHttpHeaders, alsoFrom: readonly string[] = [], acceptSigV4 = false): string | null {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return apiKey.trim();
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(authorization) ?? (acceptSigV4 ? sigV4Credential.exec(authorization) : null);
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
