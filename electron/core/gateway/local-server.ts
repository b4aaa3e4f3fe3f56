import { agentBasePath, restBasePath } from '../../../shared/paths';
import { createAdminSessions } from '../http/admin-session';
import type { ClientTimeouts } from '../http/client-timeouts';
import { listen, type Listening } from '../http/listen';
import { gatewayIdFor } from '../config/gateway-id';
import type { Services } from '../compose';
import { stopPretenuring } from '../proxy/pretenuring';
import { createGatewayHandler, type GatewayOptions } from './gateway-handler';

export interface LocalServer extends Listening {
  /** One-time login link for the admin UI. */
  loginUrl: string;
  agentEndpoint: string;
  apiBaseUrl: string;
}

/**
 * The local server: agent endpoint (/v3), REST (/api/v1), MCP (/mcp) and the admin UI, on 127.0.0.1.
 * The process that serves it runs without V8's pretenuring (see `stopPretenuring`).
 */
export async function startLocalServer(
  services: Services,
  options: { port: number; uiDir: string; clientTimeouts?: Partial<ClientTimeouts> } & Pick<GatewayOptions, 'authenticateToken'>,
): Promise<LocalServer> {
  stopPretenuring();
  const sessions = createAdminSessions(services.store.adminSessions, services.clock);
  let port = options.port;
  const handler = createGatewayHandler({ ...options, services, sessions, getPort: () => port });
  const listening = await listen(handler, options.port, options.clientTimeouts);
  port = listening.port;
  services.runtime.baseUrl = listening.baseUrl;
  const loginToken = await sessions.issueLoginToken();
  await services.gateways.start({ id: gatewayIdFor(services.runtime.dataDir), baseUrl: listening.baseUrl });
  // While it serves, the gateway prunes raw usage rows past their retention.
  services.retention.start();
  return {
    ...listening,
    /** Drains the proxy (in-flight requests finish and are recorded), then closes the listener and says goodbye. */
    async close(graceMs?: number) {
      await services.proxy.drain(graceMs);
      await services.retention.stop();
      await listening.close(graceMs);
      await services.gateways.stop();
    },
    loginUrl: `${listening.baseUrl}/auth/login?token=${loginToken}`,
    agentEndpoint: `${listening.baseUrl}${agentBasePath}`,
    apiBaseUrl: `${listening.baseUrl}${restBasePath}`,
  };
}
