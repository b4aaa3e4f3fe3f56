import type { IncomingHttpHeaders } from 'node:http';

/**
 * The Switchboard token a client presented, from the header its SDK uses:
 * `x-api-key` (Anthropic SDK, the published curl example), `Authorization: Bearer` (OpenAI SDK and
 * most others), `Authorization: Token`, `x-goog-api-key` (Gemini SDKs) or `api-key` (Azure SDKs).
 */
export function readClientToken(headers: IncomingHttpHeaders): string | null {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return apiKey.trim();
  const authorization = headers.authorization;
  if (authorization) {
    const space = authorization.indexOf(' ');
    if (space > 0) {
      const scheme = authorization.slice(0, space).toLowerCase();
      const value = authorization.slice(space + 1).trim();
      if ((scheme === 'bearer' || scheme === 'token') && value) return value;
    }
    return null;
  }
  for (const name of ['x-goog-api-key', 'api-key'] as const) {
    const value = headers[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}
