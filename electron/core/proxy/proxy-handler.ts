import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Route, UpstreamHealth } from '../../../shared/operations/routes';
import type { ProxyStatus } from '../../../shared/operations/system';
import type { Token } from '../../../shared/operations/tokens';
import { msNow } from '../clock';
import { readBodyNow, sendJson } from '../http/http-io';
import type { RequestTarget } from '../http/request-target';
import { asksForWebSocket, webSocketRefusal } from '../http/upgrade';
import { providerFor } from '../providers/index';
import { createAdmission } from './admit';
import { createAttempts } from './attempt';
import { createBudgetReservations } from './budget-reservations';
import { createConcurrencySlots } from './concurrency-slots';
import { Exchange } from './exchange';
import { requestLabels } from './header-policy';
import { createMeter } from './meter';
import { createMinuteWindow } from './minute-window';
import { nextStep } from './next-step';
import { createProviderTester } from './provider-tester';
import { defaultProxyOptions, type ProxyDeps, type ProxyOptions } from './proxy-deps';
import { proxyFailure, shutdownRefusal } from './proxy-failure';
import { createProxyLookups } from './proxy-lookups';
import { createRouter } from './route';
import { createCircuitBreakers } from './routes/circuit-breakers';
import { createKeyPools } from './routes/key-pools';
import { createTargetOrder, targetHeader, type Routing } from './routes/target-order';
import { createTokenLimits } from './token-limits';
import { createUpstreamAgent, defaultTimeouts } from './upstream-agent';
import { createUpstreamAnswered } from './upstream-answered';
import { assertWebSocketHandshake, createWebSocketProxy } from './websocket/websocket-proxy';
import { prepareUpstream } from './prepare-upstream';
import { defaultRefusedBodyBounds, refusedModel } from './refused-model';

type ProxyState = ProxyStatus['state'];

/** Cut exchanges end and are recorded at once; this only bounds a wait that should never be needed. */
const cutRecordedWithinMs = 2_000;

/** An admitted exchange, where it may go, and (once read) the body it sends. */
interface Routed {
  exchange: Exchange;
  routing: Routing;
  raw: Buffer | null;
}

/**
 * The agent endpoint: `/v3/ai/<provider>/<upstream path>` with a job token. Each request passes
 * admit → route → attempt → forward → meter, in one direction, and leaves exactly one usage row.
 */
export function createProxy(deps: ProxyDeps, options: ProxyOptions = {}) {
  const settings = { ...defaultProxyOptions, ...options, timeouts: { ...defaultTimeouts, ...options.timeouts } };
  const agent = createUpstreamAgent(settings.timeouts, options.lookup);
  const lookups = createProxyLookups(deps, settings);
  const limits = createTokenLimits();
  const reservations = createBudgetReservations({
    ledger: deps.budgetLedger,
    limits,
    prices: deps.prices,
    clock: deps.clock,
    events: deps.events,
    log: deps.log,
    budgetsOf: (projectId) => lookups.budgets(projectId, Date.now()),
    reservationTtlMs: settings.reservationTtlMs,
  });
  const slots = createConcurrencySlots();
  const admission = createAdmission({ authenticateJobToken: deps.authenticateJobToken, limits, reservations, slots });
  const router = createRouter(lookups);
  const breakers = createCircuitBreakers();
  const keys = createKeyPools();
  const targetOrder = createTargetOrder();
  // An edited route starts with fresh breakers and rotation; a rotated key gets another chance.
  const forgetRoute = deps.events.on('route.changed', ({ routeId }) => {
    breakers.forgetRoute(routeId);
    targetOrder.forget(routeId);
  });
  const forgetKey = deps.events.on('secret.changed', ({ secretId }) => keys.forget(secretId));
  const meter = createMeter({
    prices: deps.prices,
    recorder: deps.recorder,
    reservations,
    observe: deps.observe,
    gatewayId: deps.gatewayId,
  });
  // Set when the shutdown drain runs out: what still waits on or streams from an upstream is cut.
  let cutting = false;
  const shuttingDown = () => cutting;
  const attempts = createAttempts({
    dispatcher: agent,
    lookups,
    breakers,
    keys,
    now: () => msNow(deps.clock),
    events: deps.events,
    log: deps.log,
    drainAfterDisconnectMs: settings.drainAfterDisconnectMs,
    shuttingDown,
    finish,
    reserve: admission.reserve,
    captureDays: deps.bodies?.daysFor,
  });
  const sockets = createWebSocketProxy({
    log: deps.log,
    timeouts: settings.timeouts,
    lookup: options.lookup,
    drainAfterDisconnectMs: settings.drainAfterDisconnectMs,
    maxMessageBytes: settings.maxBodyBytes,
    meter,
    answered: createUpstreamAnswered(lookups, deps.events),
    finish,
    // An open socket stays in flight (a drain waits for it) without a row of its own: its responses have theirs.
    upgraded: (exchange) => (exchange.ended = true),
    closed: leave,
  });
  const recent = createMinuteWindow();
  let state: ProxyState = 'running';
  let inFlight = 0;
  let idle: (() => void) | null = null;

  function setState(next: ProxyState): void {
    if (state === next) return;
    state = next;
    deps.events.emit('proxy.stateChanged', { state });
  }

  /** The exchange is over: its concurrent slot goes to the next request waiting, it is metered once, and a drain waiting for quiet may go on. */
  function finish(exchange: Exchange): void {
    if (exchange.ended) return;
    exchange.ended = true;
    exchange.releaseSlot?.();
    exchange.releaseSlot = null;
    meter(exchange);
    if (exchange.capture && exchange.token) {
      deps.bodies!.keeper.keep(exchange.capture, { requestId: exchange.requestId, projectId: exchange.token.projectId, at: exchange.at });
    }
    leave();
  }

  function leave(): void {
    inFlight--;
    if (inFlight === 0 && idle) idle();
  }

  function handle(req: IncomingMessage, res: ServerResponse, url: RequestTarget): void {
    const exchange = new Exchange(req, res, url, performance.now(), Date.now());
    if (state !== 'running') {
      return exchange.refuse(
        new AppError(
          'proxy_paused',
          `The Switchboard proxy is ${state}; resume it in the Switchboard app or tray to accept requests.`,
          undefined,
          5,
        ),
      );
    }
    inFlight++;
    recent.add(exchange.now, 1);
    // The request event comes before Node's parser has pushed the body that arrived with the
    // headers; on the next tick it is there, and is taken whole without waiting for events.
    process.nextTick(admitStep, exchange);
  }

  function admitStep(exchange: Exchange): void {
    try {
      const route = router.parse(exchange.url.pathname);
      exchange.route = route;
      exchange.providerRef = route.providerRef;
      exchange.endpoint = route.upstreamPath;
      nextStep(admission.token(exchange.req.headers), exchange, routeStep, fail);
    } catch (error) {
      fail(exchange, error);
    }
  }

  function routeStep(exchange: Exchange, token: Token): void {
    exchange.token = token;
    exchange.labels = requestLabels(exchange.req.headers);
    nextStep(router.targets(token.projectId, exchange.route!, exchange.now), exchange, permitStep, fail);
  }

  function permitStep(exchange: Exchange, routing: Routing): void {
    const provider = routing.candidates[0]!.provider;
    exchange.provider = provider;
    exchange.routeId = routing.route?.id ?? null;
    // Refused once the row can name its token and provider, before the limits count it.
    if (asksForWebSocket(exchange.req)) return webSocketStep(exchange, provider, routing.route);
    admission.permit(exchange.token!, provider, routing.route, msNow(deps.clock));
    const { req } = exchange;
    // Some providers answer a path themselves (a model list where the runtime API has none).
    const local = providerFor(provider).answerLocally?.(provider, req.method ?? 'GET', exchange.endpoint);
    if (local) {
      exchange.status = local.status;
      exchange.outcome = 'ok';
      sendJson(exchange.res, local.status, local.body, { 'x-request-id': exchange.requestId });
      return finish(exchange);
    }
    const method = req.method ?? 'GET';
    const raw = method === 'GET' || method === 'HEAD' ? null : readBodyNow(req, settings.maxBodyBytes);
    nextStep(raw, { exchange, routing, raw: null }, slotStep, failRouted);
  }

  /** Waits for one of the token's concurrent slots (at once when it has no limit or one is free), then goes on. */
  function slotStep(routed: Routed, raw: Buffer | null): void {
    routed.raw = raw;
    nextStep(admission.slot(routed.exchange), routed, attemptStep, failWaiting);
  }

  /** A request that left while waiting for a slot ends as a disconnect; any other failure is a refusal. */
  function failWaiting(routed: Routed, error: unknown): void {
    const { exchange } = routed;
    if (!exchange.clientGone) return fail(exchange, error);
    exchange.outcome = 'client_disconnect';
    exchange.status = 499;
    exchange.res.destroy();
    finish(exchange);
  }

  /**
   * A WebSocket upgrade: where the upstream offers the path over WebSocket, the token's limits are
   * checked (each response on the socket counts as a request) and the upstream socket is opened;
   * elsewhere it is refused at once, without calling the upstream, so the client falls back to HTTP.
   * Through a route, the socket goes to its first target: a socket is never tried again elsewhere.
   * A token with a concurrency limit is sent to HTTP too: a socket's turns do not wait for slots.
   */
  function webSocketStep(exchange: Exchange, provider: AiProvider, route: Route | null): void {
    if (!providerFor(provider).webSocketPaths?.test(exchange.endpoint) || provider.authMethod === 'hosted') throw webSocketRefusal();
    assertWebSocketHandshake(exchange.req);
    admission.permit(exchange.token!, provider, route, msNow(deps.clock), false);
    if (exchange.token!.limits.maxConcurrent !== null) throw webSocketRefusal();
    const capped = reservations.capped(exchange.token!, provider);
    if (capped instanceof Promise) {
      capped.then(
        (yes) => (yes ? fail(exchange, webSocketRefusal()) : openWebSocket(exchange, provider, route)),
        (error: unknown) => fail(exchange, error),
      );
      return;
    }
    if (capped) throw webSocketRefusal();
    openWebSocket(exchange, provider, route);
  }

  function openWebSocket(exchange: Exchange, provider: AiProvider, route: Route | null): void {
    const { req } = exchange;
    const upstream = prepareUpstream(
      { method: 'GET', headers: req.headers, raw: null },
      provider,
      exchange.endpoint,
      exchange.url.searchParams,
      lookups,
      Date.now(),
    );
    const turns = {
      authenticate: () => admission.token(req.headers),
      permit: (token: Token, now: number) => admission.permit(token, provider, route, now),
    };
    nextStep(upstream, exchange, (opening, request) => sockets.open(opening, request, turns), fail);
  }

  function attemptStep(routed: Routed): void {
    const { exchange, routing, raw } = routed;
    const pinned = exchange.req.headers[targetHeader];
    const order = targetOrder.order(routing, typeof pinned === 'string' ? pinned : undefined, raw);
    attempts.start(exchange, raw, routing, order);
  }

  function failRouted(routed: Routed, error: unknown): void {
    fail(routed.exchange, error);
  }

  function fail(exchange: Exchange, error: unknown): void {
    if (cutting) {
      exchange.refuse(shutdownRefusal(), 'shutdown');
      return finish(exchange);
    }
    // A refused request's row still names the model it asked for; looked for only here, so admitted
    // requests never pay for it. The answer goes at once; a body still on its way is read (bounded) after.
    const model = exchange.token && exchange.model === null ? refusedModel(exchange, defaultRefusedBodyBounds) : null;
    if (!(model instanceof Promise)) {
      exchange.model ??= model;
      exchange.refuse(proxyFailure(error, deps.log));
      return finish(exchange);
    }
    exchange.refuse(proxyFailure(error, deps.log), undefined, true);
    void model.then((found) => {
      exchange.model = found;
      if (!exchange.req.complete) closeWhenAnswered(exchange);
      finish(exchange);
    });
  }

  /** The client never finished a body nobody will read: its connection ends once the refusal is out. */
  function closeWhenAnswered(exchange: Exchange): void {
    const close = () => exchange.req.socket.destroy();
    if (exchange.res.writableFinished) close();
    else exchange.res.once('finish', close);
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
    testProvider: createProviderTester({
      clock: deps.clock,
      lookups,
      dispatcher: agent,
      timeoutMs: Math.min(settings.timeouts.firstByteMs, 15_000),
    }),
    /** New requests get 503 until `resume`; requests in flight finish. */
    pause: () => setState('paused'),
    resume: () => setState('running'),
    stats: (): ProxyStatus => ({ state, requestsPerMinute: Math.round(recent.count(Date.now())), inFlight }),
    /** A token's requests holding a concurrent slot and waiting for one, on this gateway. */
    slotsOf: (tokenId: string) => slots.inUse(tokenId),
    /** Route targets' breakers and pooled keys, as this gateway holds them now. */
    health: (): UpstreamHealth => {
      const now = msNow(deps.clock);
      return { breakers: breakers.status(now), keys: keys.status(now) };
    },
    /**
     * Stops taking requests and waits (up to `timeoutMs`) for those in flight to finish. What still
     * runs then is cut (a stream ends with an error event) and recorded with outcome `shutdown`.
     */
    async drain(timeoutMs = 10_000): Promise<void> {
      setState('stopped');
      sockets.closeIdle();
      await untilIdle(timeoutMs);
      if (inFlight > 0) {
        cutting = true;
        slots.refuseWaiting(shutdownRefusal());
        attempts.cutAll();
        sockets.cutAll();
        await untilIdle(cutRecordedWithinMs);
      }
      void deps.recorder.flush();
    },
    async close(): Promise<void> {
      forgetRoute();
      forgetKey();
      lookups.close();
      await agent.close();
    },
  };
}
export type Proxy = ReturnType<typeof createProxy>;
