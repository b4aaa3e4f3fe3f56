import { createAdminSessions } from './http/admin-session';
import { createGatewayHandler, type GatewayOptions } from './http/gateway-handler';
import { listen, type Listening } from './http/listen';
import { createMcpHttpHandler } from './mcp/mcp-http-handler';
import type { Services } from './compose';

export interface LocalServer extends Listening {
  /** One-time login link for the admin UI. */
  loginUrl: string;
  agentEndpoint: string;
  apiBaseUrl: string;
}

/**
 * The local server: agent endpoint (/v3, the services' proxy unless `proxy` is given), REST
 * (/api/v1), MCP (/mcp) and the admin UI, on 127.0.0.1.
 */
export async function startLocalServer(
  services: Services,
  options: { port: number; uiDir: string } & Pick<GatewayOptions, 'proxy' | 'mcp' | 'authenticateToken'>,
): Promise<LocalServer> {
  const sessions = createAdminSessions(services.clock);
  let port = options.port;
  const proxy = options.proxy ?? services.proxy.handle;
  // MCP takes the same API tokens as REST.
  const mcp =
    options.mcp ??
    createMcpHttpHandler({ invoke: services.invoke, log: services.log, authenticate: (req) => options.authenticateToken?.(req) ?? null });
  const handler = createGatewayHandler({ ...options, proxy, mcp, services, sessions, getPort: () => port });
  const listening = await listen(handler, options.port);
  port = listening.port;
  services.runtime.baseUrl = listening.baseUrl;
  const loginToken = sessions.issueLoginToken();
  return {
    ...listening,
    /** Drains the proxy (in-flight requests finish and are recorded), then closes the listener. */
    async close(graceMs?: number) {
      await services.proxy.drain(graceMs);
      await listening.close(graceMs);
    },
    loginUrl: `${listening.baseUrl}/auth/login?token=${loginToken}`,
    agentEndpoint: `${listening.baseUrl}/v3`,
    apiBaseUrl: `${listening.baseUrl}/api/v1`,
  };
}
