import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and ones the proxy sets itself. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
]);

/**
 * Client headers that never reach the upstream: every credential header any SDK sends, cookies,
 * and headers the proxy decides (content type, encoding). Clients cannot choose auth, Content-Type or host.
 */
const clientOnly = new Set([
  'authorization',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
  'cookie',
  'content-type',
  'accept-encoding',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'origin',
  'referer',
]);

/** Upstream response headers a client must not see: hop-by-hop, upstream cookies. */
const responseDropped = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'set-cookie',
]);

export const labelHeaderPrefix = 'x-switchboard-label-';

/** The client headers forwarded upstream; the adapter's headers (credentials, content type) are added on top. */
export function forwardedRequestHeaders(headers: IncomingHttpHeaders, injected: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    // HTTP/2 pseudo-headers (:authority, :path, …) describe this hop only.
    if (
      name.startsWith(':') ||
      hopByHop.has(name) ||
      clientOnly.has(name) ||
      name.startsWith('x-switchboard-') ||
      name.startsWith('x-amz-') ||
      name.startsWith('proxy-')
    )
      continue;
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  out['accept-encoding'] = 'identity';
  for (const name in injected) out[name] = injected[name]!;
  return out;
}

/** Labels a request adds with `x-switchboard-label-<name>: <value>` (lower-case names, bounded sizes). */
export function requestLabels(headers: IncomingHttpHeaders): Record<string, string> | null {
  let labels: Record<string, string> | null = null;
  for (const name in headers) {
    if (!name.startsWith(labelHeaderPrefix)) continue;
    const label = name.slice(labelHeaderPrefix.length);
    const value = headers[name];
    if (!/^[a-z][a-z0-9_-]{0,39}$/.test(label) || typeof value !== 'string') continue;
    labels ??= {};
    if (Object.keys(labels).length < 20) labels[label] = value.slice(0, 200);
  }
  return labels;
}

/** Upstream response headers for the client, plus the proxy's own. `keepLength` when the body is passed byte for byte. */
export function responseHeaders(
  upstream: Record<string, string | string[] | undefined>,
  own: Record<string, string>,
  keepLength: boolean,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name in upstream) {
    if (responseDropped.has(name) || (!keepLength && name === 'content-length')) continue;
    const value = upstream[name];
    if (value !== undefined) out[name] = value;
  }
  for (const name in own) out[name] = own[name];
  return out;
}
