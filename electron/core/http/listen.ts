import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultClientTimeouts, serverTimeoutOptions, watchBodyIdle, type ClientTimeouts } from './client-timeouts';
import { acceptHttp2Cleartext } from './http2-cleartext';
import { answerUpgradeOverHttp } from './upgrade';

export interface Listening {
  server: Server;
  port: number;
  baseUrl: string;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the rest. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Binds 127.0.0.1 only, HTTP/1.1 and HTTP/2 cleartext on the same port. Port 0 picks a free port.
 * Slow clients are bounded by `timeouts`.
 */
export function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  timeouts: Partial<ClientTimeouts> = {},
): Promise<Listening> {
  const bounds = { ...defaultClientTimeouts, ...timeouts };
  const server = createServer({ keepAliveTimeout: bounds.idleConnectionMs, ...serverTimeoutOptions(bounds) }, handler);
  watchBodyIdle(server, bounds.bodyIdleMs);
  const http2 = acceptHttp2Cleartext(server, handler, bounds);
  // An upgrade request goes to the handler like any other: it refuses it over HTTP, or claims the socket to switch.
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => answerUpgradeOverHttp(handler, req, socket, head));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: actual,
        baseUrl: `http://127.0.0.1:${actual}`,
        close: (graceMs = 5000) =>
          new Promise<void>((done) => {
            const force = setTimeout(() => {
              server.closeAllConnections();
              http2.destroy();
            }, graceMs);
            force.unref();
            // Keep-alive connections whose last response ends during the grace period close as they
            // go idle, so a drained server stops at once instead of waiting out `graceMs`.
            const sweep = setInterval(() => server.closeIdleConnections(), 50);
            sweep.unref();
            server.close(() => {
              clearTimeout(force);
              clearInterval(sweep);
              done();
            });
            server.closeIdleConnections();
            http2.close();
          }),
      });
    });
  });
}

/** A clear sentence for the usual listen failures. */
export function describeListenError(error: unknown, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return `Port ${port} on 127.0.0.1 is already in use. Choose another with --port N (or --port 0 for any free port).`;
  if (code === 'EACCES') return `Not allowed to listen on port ${port}. Choose a port above 1024 with --port N.`;
  return `Could not listen on 127.0.0.1:${port}: ${(error as Error).message}`;
}
