import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../shared/errors';
import { agentBasePath, restBasePath } from '../../../shared/paths';
import { createRestHandler } from '../api/rest-handler';
import { adminCookieName, type AdminSessions } from '../http/admin-session';
import { createHostGuard } from '../http/host-guard';
import { asksForWebSocket, webSocketRefusal } from '../http/upgrade';
import { readCookie, sendError, sendJson } from '../http/http-io';
import { plainRequestTarget, type RequestTarget } from '../http/request-target';
import { createMcpHttpHandler } from '../mcp/mcp-http-handler';
import { adminSessionActor, type Actor } from '../operations/actor';
import type { Services } from '../compose';
import { authPage } from './auth-page';
import { createMetricsEndpoint } from './metrics-endpoint';
import { serveStaticUi, uiSecurityHeaders } from './static-ui';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface GatewayOptions {
  services: Services;
  sessions: AdminSessions;
  /** The built web bundle of the admin UI. */
  uiDir: string;
  getPort(): number;
  /** API tokens for REST and MCP; for REST the admin session cookie is checked first. */
  authenticateToken?(req: IncomingMessage): Promise<Actor | null> | Actor | null;
}

/**
 * The local server's one request handler: Host/Origin check, then routing by prefix. The listener
 * that feeds it lives elsewhere, so this stays testable and the proxy path stays short.
 */
export function createGatewayHandler(options: GatewayOptions) {
  const { services, sessions } = options;
  const log = services.log;
  const checkHost = createHostGuard(options.getPort);
  const hasSession = (req: IncomingMessage) => sessions.isValid(readCookie(req, adminCookieName));
  const authenticate = async (req: IncomingMessage) =>
    (await hasSession(req)) ? adminSessionActor : ((await options.authenticateToken?.(req)) ?? null);
  const rest = createRestHandler({ invoke: services.invoke, log, authenticate });
  const metrics = createMetricsEndpoint({ metrics: services.metrics, authenticate });
  // MCP takes the same API tokens as REST (no session: MCP clients are programs, not browsers).
  const mcp = createMcpHttpHandler({ invoke: services.invoke, log, authenticate: (req) => options.authenticateToken?.(req) ?? null });
  const proxy = services.proxy.handle;

  return function handle(req: IncomingMessage, res: ServerResponse): void {
    const rejected = checkHost(req);
    if (rejected) return sendError(res, rejected, log);
    const plain = plainRequestTarget(req.url ?? '/');
    if (plain && isAgentPath(plain.pathname)) return route(proxy, req, res, plain);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return sendError(res, new AppError('bad_request', 'Malformed request URL'), log);
    }
    const path = url.pathname;
    if (isAgentPath(path)) return route(proxy, req, res, url);
    if (asksForWebSocket(req)) return sendError(res, webSocketRefusal(), log);
    if (path.startsWith(restBasePath + '/') || path === restBasePath) return void rest(req, res, url);
    if (path === '/mcp') return route(mcp, req, res, url);
    if (path === '/healthz') return sendJson(res, 200, { ok: true });
    if (path === '/readyz') return route(ready, req, res, url);
    if (path === '/metrics') return route(metrics, req, res, url);
    if (path === '/auth/login') return route(login, req, res, url);
    if (path === '/auth/logout') return route(logout, req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, new AppError('method_not_allowed', 'The admin UI only answers GET'), log);
    }
    route(adminUi, req, res, url);
  };

  /** The proxy answers without a promise: none is made for it (two per request showed in its profile). */
  function route<Target extends RequestTarget>(
    handler: (req: IncomingMessage, res: ServerResponse, url: Target) => void | Promise<void>,
    req: IncomingMessage,
    res: ServerResponse,
    url: Target,
  ): void {
    try {
      handler(req, res, url)?.catch((error: unknown) => sendError(res, error, log));
    } catch (error) {
      sendError(res, error, log);
    }
  }

  /** 200 when this gateway can take traffic, 503 saying which check failed; no secrets, no sign-in. */
  async function ready(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume();
    const readiness = await services.readiness.check();
    sendJson(res, readiness.ready ? 200 : 503, readiness);
  }

  /** The admin UI's files, for a signed-in browser; the sign-in page otherwise. */
  async function adminUi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!(await hasSession(req))) return signInPage(res);
    serveStaticUi(options.uiDir, req, res, url.pathname);
  }

  async function login(_req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const redeemed = await sessions.redeem(url.searchParams.get('token') ?? '');
    if (!redeemed.ok) {
      const what =
        redeemed.reason === 'expired' ? 'This login link has expired.' : 'This login link was already used, or replaced by a newer one.';
      return sendPage(res, 401, 'Sign-in link no longer valid', what, 'For a fresh one-time link, run this where Switchboard runs:');
    }
    res.writeHead(303, {
      location: '/',
      'set-cookie': sessions.cookie(redeemed.sessionId),
      'cache-control': 'no-store',
      ...uiSecurityHeaders,
    });
    res.end();
  }

  /** POST only (a link cannot sign anyone out); the host guard has already refused foreign Origins. */
  async function logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendError(res, new AppError('method_not_allowed', 'Sign out with POST /auth/logout'), log);
    await sessions.signOut(readCookie(req, adminCookieName));
    res.writeHead(204, { 'set-cookie': sessions.clearedCookie(), 'cache-control': 'no-store' });
    res.end();
  }

  function signInPage(res: ServerResponse): void {
    sendPage(
      res,
      401,
      'Sign in to Switchboard',
      'Open the "Admin UI" login link that `switchboard serve` printed.',
      'Lost it, or it expired? Print a fresh one-time link with:',
    );
  }
}

const agentPrefix = agentBasePath + '/';

function isAgentPath(path: string): boolean {
  return path.startsWith(agentPrefix) || path === agentBasePath;
}

function sendPage(res: ServerResponse, status: number, title: string, message: string, hint: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...uiSecurityHeaders });
  res.end(authPage({ title, message, hint }));
}
