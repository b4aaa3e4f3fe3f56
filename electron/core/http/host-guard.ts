import type { IncomingMessage } from 'node:http';
import { AppError } from '../../../shared/errors';

/**
 * DNS-rebinding defence: the server answers only to its own loopback names, and browsers may call
 * it only from its own origin.
 */
export function createHostGuard(getPort: () => number) {
  let cachedPort = -1;
  let hosts = new Set<string>();
  let origins = new Set<string>();
  const refresh = () => {
    const port = getPort();
    if (port === cachedPort) return;
    cachedPort = port;
    hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
    origins = new Set([...hosts].map((host) => `http://${host}`));
  };
  /** A host not sent passes; one sent must be ours. */
  const knownHost = (host: string | undefined) => host === undefined || hosts.has(host.toLowerCase());
  return function checkHostAndOrigin(req: IncomingMessage): AppError | null {
    refresh();
    // HTTP/2 names the host in `:authority`; a `host` header, if sent beside it, must pass too.
    const authority = req.headers[':authority'];
    const named = typeof authority === 'string' ? authority : undefined;
    const host = req.headers.host;
    if ((named === undefined && host === undefined) || !knownHost(named) || !knownHost(host))
      return new AppError('forbidden', 'Unknown Host header; Switchboard answers on 127.0.0.1 only');
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin.toLowerCase())) {
      return new AppError('forbidden', 'Cross-origin requests are not allowed');
    }
    return null;
  };
}
