import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import { readBody, sendJson, toAppError } from '../http/http-io';
import { readClientToken } from './client-credentials';
import { recordExchange, type Exchange } from './exchange';
import { forwardResponse } from './forward-response';
import { requestLabels } from './header-policy';
import { createMinuteWindow } from './minute-window';
import { prepareUpstream } from './prepare-upstream';
import { createProviderTester } from './provider-tester';
import { defaultProxyOptions, type ProxyDeps, type ProxyOptions } from './proxy-deps';
import { createProxyLookups } from './proxy-lookups';
import { parseProxyPath } from './route-path';
import { createTokenLimits } from './token-limits';
import { createUpstreamAgent, defaultTimeouts } from './upstream-agent';

export type ProxyState = 'running' | 'paused' | 'stopped';

/** Live numbers for the tray and status bar. */
export interface ProxyStats {
  state: ProxyState;
  requestsPerMinute: number;
  inFlight: number;
}

/**
 * The agent endpoint: `/v3/ai/<provider>/<upstream path>` with a job token. Authenticates (cached),
 * checks the token's providers and limits, injects the provider credential, streams the upstream
 * answer back and records exactly one usage row per request.
 */
export function createProxy(deps: ProxyDeps, options: ProxyOptions = {}) {
  const settings = { ...defaultProxyOptions, ...options, timeouts: { ...defaultTimeouts, ...options.timeouts } };
  const agent = createUpstreamAgent(settings.timeouts);
  const lookups = createProxyLookups(deps, settings);
  const limits = createTokenLimits({ events: deps.events, loadSpentMicroUsd: deps.loadSpentMicroUsd });
  const meter = { prices: deps.prices, recorder: deps.recorder, limits };
  const recent = createMinuteWindow();
  let state: ProxyState = 'running';
  let inFlight = 0;
  let idle: (() => void) | null = null;

  function setState(next: ProxyState): void {
    if (state === next) return;
    state = next;
    deps.events.emit('proxy.stateChanged', { state });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = performance.now();
    const requestId = randomUUID();
    if (state !== 'running') {
      const paused = new AppError('proxy_paused', `The Switchboard proxy is ${state}; resume it in the Switchboard app or tray to accept requests.`);
      return sendJson(res, paused.status, paused.toBody(), { 'x-request-id': requestId, 'retry-after': '5' });
    }
    inFlight++;
    const now = Date.now();
    recent.add(now, 1);
    const exchange: Exchange = {
      requestId,
      at: new Date(now).toISOString(),
      started,
      endpoint: url.pathname,
      providerRef: '',
      token: null,
      provider: null,
      labels: null,
      model: null,
      streamed: false,
      recorded: false,
    };
    let clientGone = false;
    res.once('close', () => {
      if (!res.writableFinished) clientGone = true;
    });
    try {
      await proxyRequest(req, res, url, exchange, now, () => clientGone);
    } catch (error) {
      const appError = toAppError(error, deps.log);
      recordExchange(exchange, { status: appError.status, outcome: appError.code, usage: null, ttfbMs: null }, meter);
      if (res.headersSent || clientGone) res.destroy();
      else {
        const headers: Record<string, string> = { 'x-request-id': requestId };
        if (appError.retryAfterSeconds !== undefined) headers['retry-after'] = String(appError.retryAfterSeconds);
        sendJson(res, appError.status, appError.toBody(), headers);
      }
    } finally {
      inFlight--;
      if (inFlight === 0 && idle) idle();
    }
  }

  async function proxyRequest(req: IncomingMessage, res: ServerResponse, url: URL, exchange: Exchange, now: number, clientGone: () => boolean): Promise<void> {
    const route = parseProxyPath(url.pathname);
    if (!route) throw new AppError('not_found', 'Provider routes are /v3/ai/<provider>/<upstream path>, e.g. /v3/ai/anthropic/v1/messages');
    exchange.providerRef = route.providerRef;
    exchange.endpoint = route.upstreamPath;
    const value = readClientToken(req.headers);
    if (!value) throw new AppError('unauthorized', 'Send your Switchboard job token as x-api-key, Authorization: Bearer or Authorization: Token');
    const token = await lookups.token(value, now);
    exchange.token = token;
    exchange.labels = requestLabels(req.headers);
    const provider = await lookups.provider(token.projectId, route.providerRef, now);
    exchange.provider = provider;
    if (token.allowedProviders.length > 0 && !token.allowedProviders.includes(provider.provider) && !token.allowedProviders.includes(provider.id)) {
      throw new AppError('forbidden', `Token ${token.name} may not use AI provider ${provider.name}`);
    }
    limits.admit(token, now);
    if (req.method === 'GET' && route.upstreamPath === '/v1/models' && (provider.provider === 'azure' || provider.provider === 'bedrock')) {
      return sendJson(res, 200, configuredModels(provider), { 'x-request-id': exchange.requestId });
    }

    const method = req.method ?? 'GET';
    const raw = method === 'GET' || method === 'HEAD' ? null : await readBody(req, settings.maxBodyBytes);
    const upstream = await prepareUpstream({ method, headers: req.headers, raw }, provider, route.upstreamPath, url.searchParams, lookups, now);
    exchange.model = upstream.plan.model;
    exchange.streamed = upstream.plan.streamed;
    const upstreamSentAt = performance.now();
    let response;
    try {
      response = await agent.request({
        origin: upstream.url.origin,
        path: upstream.url.pathname + upstream.url.search,
        method: upstream.method as 'POST',
        headers: upstream.headers,
        body: upstream.body,
      });
    } catch (error) {
      throw upstreamFailure(error, provider);
    }
    if ((response.statusCode === 401 || response.statusCode === 403) && provider.secretId) {
      lookups.forgetSecret(provider.secretId);
      deps.events.emit('upstream.authRejected', { aiProviderId: provider.id, providerName: provider.name, status: response.statusCode });
    }
    const result = await forwardResponse(res, response, upstream, {
      requestId: exchange.requestId,
      started: exchange.started,
      upstreamSentAt,
      drainAfterDisconnectMs: settings.drainAfterDisconnectMs,
      clientGone,
    });
    recordExchange(exchange, result, meter);
  }

  return {
    handle,
    /** The `testAiProvider` operation: a live check over the proxy's own path. */
    testProvider: createProviderTester({ clock: deps.clock, lookups, dispatcher: agent, timeoutMs: Math.min(settings.timeouts.firstByteMs, 15_000) }),
    /** New requests get 503 until `resume`; requests in flight finish. */
    pause: () => setState('paused'),
    resume: () => setState('running'),
    stats: (): ProxyStats => ({ state, requestsPerMinute: Math.round(recent.count(Date.now())), inFlight }),
    /** Stops taking requests and waits (up to `timeoutMs`) for those in flight to finish and be recorded. */
    async drain(timeoutMs = 10_000): Promise<void> {
      setState('stopped');
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          idle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      deps.recorder.flush();
    },
    async close(): Promise<void> {
      lookups.close();
      await agent.close();
    },
  };
}
export type Proxy = ReturnType<typeof createProxy>;

function upstreamFailure(error: unknown, provider: AiProvider): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new AppError('upstream_timeout', `Connecting to ${provider.name} timed out`);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return new AppError('upstream_timeout', `${provider.name} did not answer in time`);
  if (code === 'EFORBIDDENADDRESS') return new AppError('forbidden', `${provider.name}'s host resolves to a link-local or metadata address, which upstreams may not use`);
  return new AppError('upstream_unreachable', `Could not reach ${provider.name} (${code ?? 'connection failed'})`);
}

/** Azure and Bedrock have no model list on the runtime endpoint: list what the provider is configured with. */
function configuredModels(provider: AiProvider) {
  const ids = new Set([provider.defaultModel]);
  const deployment = provider.config?.deployment;
  if (typeof deployment === 'string') ids.add(deployment);
  return { object: 'list', data: [...ids].map((id) => ({ id, object: 'model', owned_by: provider.provider })) };
}
