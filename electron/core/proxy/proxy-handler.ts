import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../shared/errors';
import { readBody, sendJson } from '../http/http-io';
import { readRequestToken, sdkKeyHeaders } from '../http/request-token';
import { providerFor } from '../providers/index';
import { recordExchange, type Exchange } from './exchange';
import { forwardResponse } from './forward-response';
import { requestLabels } from './header-policy';
import { createMinuteWindow } from './minute-window';
import { prepareUpstream } from './prepare-upstream';
import { proxyFailure, upstreamFailure } from './proxy-failure';
import { createProviderTester } from './provider-tester';
import { defaultProxyOptions, type ProxyDeps, type ProxyOptions } from './proxy-deps';
import { createProxyLookups } from './proxy-lookups';
import { parseProxyPath } from './route-path';
import { createTokenLimits } from './token-limits';
import { createUpstreamAgent, defaultTimeouts } from './upstream-agent';

export type ProxyState = 'running' | 'paused' | 'stopped';

/** Cut exchanges end and are recorded at once; this only bounds a wait that should never be needed. */
const cutRecordedWithinMs = 2_000;

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
  const agent = createUpstreamAgent(settings.timeouts, options.lookup);
  const lookups = createProxyLookups(deps, settings);
  const limits = createTokenLimits({ events: deps.events, loadSpentMicroUsd: deps.loadSpentMicroUsd });
  const meter = { prices: deps.prices, recorder: deps.recorder, limits };
  const recent = createMinuteWindow();
  let state: ProxyState = 'running';
  let inFlight = 0;
  let idle: (() => void) | null = null;
  // Aborted when the shutdown drain runs out: cuts what is still waiting on or streaming from an upstream.
  const shutdown = new AbortController();

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
      const cut = shutdown.signal.aborted;
      const appError = cut ? new AppError('proxy_paused', 'Switchboard is shutting down; retry in a moment', undefined, 5) : proxyFailure(error, deps.log);
      recordExchange(exchange, { status: appError.status, outcome: cut ? 'shutdown' : appError.code, usage: null, ttfbMs: null }, meter);
      if (res.headersSent || clientGone) res.destroy();
      else {
        const headers: Record<string, string> = { 'x-request-id': requestId };
        // Refused before its body was read (no token, a bad one, over a limit): close rather than wait for it.
        if (!req.complete) headers.connection = 'close';
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
    const value = readRequestToken(req.headers, sdkKeyHeaders);
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
    const local = providerFor(provider).answerLocally?.(provider, req.method ?? 'GET', route.upstreamPath);
    if (local) return sendJson(res, local.status, local.body, { 'x-request-id': exchange.requestId });

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
        signal: shutdown.signal,
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
      shuttingDown: () => shutdown.signal.aborted,
    });
    recordExchange(exchange, result, meter);
  }

  function untilIdle(timeoutMs: number): Promise<void> {
    if (inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      idle = () => {
        clearTimeout(timer);
        idle = null;
        resolve();
      };
    });
  }

  return {
    handle,
    /** The `testAiProvider` operation: a live check over the proxy's own path. */
    testProvider: createProviderTester({ clock: deps.clock, lookups, dispatcher: agent, timeoutMs: Math.min(settings.timeouts.firstByteMs, 15_000) }),
    /** New requests get 503 until `resume`; requests in flight finish. */
    pause: () => setState('paused'),
    resume: () => setState('running'),
    stats: (): ProxyStats => ({ state, requestsPerMinute: Math.round(recent.count(Date.now())), inFlight }),
    /**
     * Stops taking requests and waits (up to `timeoutMs`) for those in flight to finish. What still
     * runs then is cut (a stream ends with an error event) and recorded with outcome `shutdown`.
     */
    async drain(timeoutMs = 10_000): Promise<void> {
      setState('stopped');
      await untilIdle(timeoutMs);
      if (inFlight > 0) {
        shutdown.abort();
        await untilIdle(cutRecordedWithinMs);
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
