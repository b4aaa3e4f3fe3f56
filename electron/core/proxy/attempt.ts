import type { Dispatcher } from 'undici';
import { AppError } from '../../../shared/errors';
import type { FailureKind } from '../../../shared/operations/routes';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Exchange } from './exchange';
import type { ResponseHead } from './forward/response-head';
import { BodyCapture } from './body-capture';
import { InFlightList } from './in-flight-list';
import { nextStep } from './next-step';
import { prepareUpstream, type ClientRequest, type UpstreamRequest } from './prepare-upstream';
import { proxyFailure, shutdownRefusal, upstreamFailure } from './proxy-failure';
import type { ProxyLookups } from './proxy-lookups';
import type { ProxyRoute } from './route-path';
import type { CircuitBreakers } from './routes/circuit-breakers';
import { errorFailure, retryAfterMs, statusFailure } from './routes/failure-kind';
import { EventStreamHold } from './routes/event-stream-hold';
import type { KeyPools } from './routes/key-pools';
import { nextTry, retryWaitMs, type NextTry } from './routes/retry-decision';
import { SseHold, type StreamHold } from './routes/stream-hold';
import type { Candidate, Routing } from './routes/target-order';
import { UpstreamCall, type CallContext, type Verdict } from './upstream-call';

export interface AttemptDeps {
  dispatcher: Dispatcher;
  lookups: ProxyLookups;
  events: EventBus;
  log: Logger;
  breakers: CircuitBreakers;
  keys: KeyPools;
  /** Milliseconds by the core's clock: breakers open and keys rest by it. */
  now(): number;
  drainAfterDisconnectMs: number;
  /** True once shutdown cuts what is still running. */
  shuttingDown(): boolean;
  /** The exchange is over, answered or refused. */
  finish(exchange: Exchange): void;
  /**
   * The admit stage's reservation for a planned request (its model is known now); throws or rejects
   * with the refusal. A reservation made for an earlier call of the exchange is released first.
   */
  reserve(exchange: Exchange, upstream: UpstreamRequest): Promise<void> | void;
  /** The days a project keeps bodies; undefined (the usual case) captures nothing. */
  captureDays?: (projectId: string) => number | undefined;
}

/** One request's way through its candidate targets. */
export interface Attempt {
  readonly exchange: Exchange;
  readonly client: ClientRequest;
  readonly route: ProxyRoute;
  readonly query: URLSearchParams;
  readonly routing: Routing;
  /** The targets in the order this request tries them. */
  readonly order: Candidate[];
  /** The index in `order` of the next target to move to. */
  next: number;
  /** The target of the latest call, and how many calls it has had. */
  current: Candidate | null;
  onCurrent: number;
  /** The latest call is a half-open breaker's one probe. */
  probe: boolean;
  /** performance.now() when the latest call was sent. */
  sentAt: number;
  /** Where the next call goes, decided when the latest one failed. */
  planned: NextTry | null;
}

/**
 * The third stage: plan the upstream request for a target with its provider module and send it.
 * An answer is committed at its response head, or for a held stream at its first content; a
 * failure before that may be tried again, on the same target or the next, as the route's retry
 * policy and breakers allow. Nothing is ever retried once a byte has gone to the client.
 */
export function createAttempts(deps: AttemptDeps) {
  const { dispatcher, lookups, events, breakers, keys, now } = deps;
  /** Calls waiting on or streaming from an upstream, and attempts waiting to try again, so shutdown can cut them. */
  const live = new InFlightList<UpstreamCall<Attempt>>();
  const waiting = new Map<Attempt, NodeJS.Timeout>();

  function refuse(exchange: Exchange, error: AppError, outcome?: string): void {
    exchange.refuse(error, outcome);
    deps.finish(exchange);
  }

  /** Writes a routed call's line in the attempt log and tells its breaker. */
  function note(attempt: Attempt, status: number | null, failure: FailureKind | null): void {
    const { exchange, routing, current } = attempt;
    const route = routing.route;
    if (!route || !current) return;
    const errorCode = failure ?? (status !== null && status >= 400 ? `http_${status}` : null);
    exchange.attemptLog!.push({
      aiProviderId: current.provider.id,
      status,
      errorCode,
      durationMs: Math.round(performance.now() - attempt.sentAt),
      provider: current.provider.provider,
      model: exchange.model,
      startMs: Math.round(attempt.sentAt - exchange.started),
    });
    // A throttle is the key's (its pool rests it), not the target's health.
    if (failure !== null && failure !== '429') breakers.failed(route.id, current.provider.id, route.breaker, now());
    else if (failure === null) breakers.succeeded(route.id, current.provider.id);
    else if (attempt.probe) breakers.released(route.id, current.provider.id);
    attempt.probe = false;
  }

  /** Decides whether a failed call is tried again, and where; false when the failure is the client's answer. */
  function plan(attempt: Attempt, failure: FailureKind | null, waitMs: number | null): boolean {
    if (failure === null || attempt.exchange.clientGone || deps.shuttingDown()) return false;
    attempt.planned = nextTry(attempt, failure, waitMs, breakers, now());
    return attempt.planned !== null;
  }

  /** Sends the planned call: at once on another target, after the backoff (or Retry-After) on the same one. */
  function retry(attempt: Attempt): void {
    const planned = attempt.planned!;
    const delay = planned.sameTarget && attempt.routing.route ? retryWaitMs(attempt, planned.waitMs) : 0;
    const timer = setTimeout(() => {
      waiting.delete(attempt);
      if (attempt.exchange.clientGone) {
        attempt.exchange.outcome = 'client_disconnect';
        attempt.exchange.status = 499;
        return deps.finish(attempt.exchange);
      }
      tryNext(attempt);
    }, delay);
    waiting.set(attempt, timer);
  }

  /** The call's answer goes nowhere (it is read to its end and dropped); the planned call follows. */
  function drop(attempt: Attempt, call: UpstreamCall<Attempt>): 'retry' {
    live.delete(call);
    retry(attempt);
    return 'retry';
  }

  const context: CallContext<Attempt> = {
    drainAfterDisconnectMs: deps.drainAfterDisconnectMs,
    shuttingDown: deps.shuttingDown,
    answered(attempt, call, status, head): Verdict {
      const { exchange } = attempt;
      const provider = exchange.provider!;
      const sent = call.sent;
      if ((status === 401 || status === 403 || status === 429) && sent.secretId) {
        restKey(attempt, sent, status, head);
        if (anotherKey(attempt)) {
          note(attempt, status, status === 429 ? '429' : null);
          attempt.planned = { sameTarget: true, waitMs: 0 };
          return drop(attempt, call);
        }
      }
      if (!attempt.routing.route) return 'forward';
      const failure = statusFailure(status);
      if (failure !== null) {
        note(attempt, status, failure);
        const wait = retryAfterMs((name) => head.get(name), Date.now());
        return plan(attempt, failure, wait) ? drop(attempt, call) : 'forward';
      }
      if (status === 200) {
        const hold = holdFor(attempt, provider.provider, head);
        if (hold && plan(attempt, 'stream_error', null)) return hold;
      }
      note(attempt, status, null);
      return 'forward';
    },
    heldFailed(attempt, call) {
      note(attempt, 200, 'stream_error');
      if (!plan(attempt, 'stream_error', null)) return false;
      live.delete(call);
      retry(attempt);
      return true;
    },
    committed(attempt) {
      note(attempt, 200, null);
    },
    failed(attempt, call, error) {
      live.delete(call);
      const { exchange } = attempt;
      if (deps.shuttingDown()) return refuse(exchange, shutdownRefusal(), 'shutdown');
      const failure = errorFailure(error);
      note(attempt, null, failure);
      if (plan(attempt, failure, null)) return retry(attempt);
      refuse(exchange, upstreamFailure(error, exchange.provider!));
    },
    finish(exchange, call) {
      live.delete(call);
      deps.finish(exchange);
    },
  };

  /** A key the upstream refused or throttled rests; a refused one is read again and the admin is told. */
  function restKey(attempt: Attempt, sent: UpstreamRequest, status: number, head: ResponseHead): void {
    const provider = attempt.exchange.provider!;
    const secretId = sent.secretId!;
    if (status !== 429) {
      // A rejected key is read again from the vault next time: it may have been rotated meanwhile.
      lookups.forgetSecret(secretId);
      events.emit('upstream.authRejected', { aiProviderId: provider.id, providerName: provider.name, status });
    }
    if (provider.poolSecretIds.length === 0) return;
    const wait = retryAfterMs((name) => head.get(name), Date.now());
    keys.rest(provider.id, secretId, status, wait, now());
  }

  /** A pooled key was refused or throttled: the same target is tried at once with another key, once per key. */
  function anotherKey(attempt: Attempt): boolean {
    const provider = attempt.current!.provider;
    const pool = provider.poolSecretIds.length;
    if (pool === 0 || attempt.onCurrent > pool || attempt.exchange.clientGone || deps.shuttingDown()) return false;
    return keys.hasReady(provider, now());
  }

  /** The next target this request may use, taking a breaker's probe if it is one; null when none is left. */
  function choose(attempt: Attempt, now: number): Candidate | null {
    const route = attempt.routing.route;
    if (attempt.planned?.sameTarget && attempt.current) {
      const admission = route ? breakers.admit(route.id, attempt.current.provider.id, now) : 'pass';
      if (admission !== 'skip') {
        attempt.probe = admission === 'probe';
        return attempt.current;
      }
    }
    while (attempt.next < attempt.order.length) {
      const candidate = attempt.order[attempt.next++]!;
      const admission = route ? breakers.admit(route.id, candidate.provider.id, now) : 'pass';
      if (admission === 'skip') continue;
      attempt.probe = admission === 'probe';
      attempt.onCurrent = 0;
      return candidate;
    }
    return null;
  }

  function tryNext(attempt: Attempt): void {
    const { exchange } = attempt;
    const target = choose(attempt, now());
    attempt.planned = null;
    if (!target) return refuse(exchange, everyTargetFailing(attempt));
    attempt.current = target;
    attempt.onCurrent++;
    exchange.provider = target.provider;
    try {
      const provider = target.provider;
      const secretId = provider.poolSecretIds.length === 0 ? provider.secretId : keys.pick(provider, now());
      const choice = { secretId, model: target.model };
      nextStep(
        prepareUpstream(attempt.client, target.provider, attempt.route.upstreamPath, attempt.query, lookups, Date.now(), choice),
        attempt,
        reserve,
        notPlanned,
      );
    } catch (error) {
      notPlanned(attempt, error);
    }
  }

  /** Nothing reaches an upstream before its estimate is held (each call's, the earlier one's released). */
  function reserve(attempt: Attempt, upstream: UpstreamRequest): void {
    nextStep(deps.reserve(attempt.exchange, upstream), attempt, () => send(attempt, upstream), notPlanned);
  }

  function send(attempt: Attempt, upstream: UpstreamRequest): void {
    const { exchange } = attempt;
    exchange.model = upstream.plan.model;
    exchange.streamed = upstream.plan.streamed;
    exchange.clientBody = upstream.clientBody;
    if (exchange.capture) exchange.capture.credential = upstream.credential;
    exchange.attempts++;
    attempt.sentAt = performance.now();
    const call = new UpstreamCall(attempt, upstream, attempt.sentAt, context);
    live.add(call);
    const { url } = upstream;
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: url.pathname + url.search,
        method: upstream.method as Dispatcher.HttpMethod,
        headers: upstream.headers,
        body: upstream.body,
      },
      call,
    );
  }

  /** A request that cannot be planned (bad JSON, no credential) is the client's or the admin's to fix: no next target. */
  function notPlanned(attempt: Attempt, error: unknown): void {
    const route = attempt.routing.route;
    if (route && attempt.probe && attempt.current) breakers.released(route.id, attempt.current.provider.id);
    refuse(attempt.exchange, proxyFailure(error, deps.log));
  }

  return {
    /** Shutdown: ends every upstream call still running (each is then recorded as `shutdown`) and every wait to try again. */
    cutAll(): void {
      for (const call of live.toArray()) call.abort(new Error('Switchboard is shutting down'));
      for (const [attempt, timer] of waiting) {
        clearTimeout(timer);
        refuse(attempt.exchange, shutdownRefusal(), 'shutdown');
      }
      waiting.clear();
    },
    /** Sends the request to its first target; the exchange ends through `finish`. */
    start(exchange: Exchange, raw: Buffer | null, routing: Routing, order: Candidate[]): void {
      const { req } = exchange;
      if (routing.route) exchange.attemptLog = [];
      const days = deps.captureDays && exchange.token ? deps.captureDays(exchange.token.projectId) : undefined;
      if (days !== undefined) {
        exchange.capture = new BodyCapture(days);
        exchange.capture.request = raw;
      }
      tryNext({
        exchange,
        client: { method: req.method ?? 'GET', headers: req.headers, raw },
        route: exchange.route!,
        query: exchange.url.searchParams,
        routing,
        order,
        next: 0,
        current: null,
        onCurrent: 0,
        probe: false,
        sentAt: 0,
        planned: null,
      });
    },
  };
}

/**
 * The hold for a stream whose overload arrives after a 200 head: Anthropic's `error` event,
 * Bedrock's exception frame. Other streams are committed at their head.
 */
function holdFor(attempt: Attempt, slug: string, head: ResponseHead): StreamHold | null {
  if (!attempt.exchange.streamed) return null;
  const type = head.get('content-type') ?? '';
  if (slug === 'anthropic' && type.startsWith('text/event-stream')) return new SseHold();
  if (slug === 'bedrock' && type.startsWith('application/vnd.amazon.eventstream')) return new EventStreamHold();
  return null;
}

/** No target is left to try: every breaker is open (nothing was sent), or the route ran out after a dropped answer. */
function everyTargetFailing(attempt: Attempt): AppError {
  const route = attempt.routing.route!;
  return new AppError(
    'upstream_unreachable',
    attempt.exchange.attempts === 0
      ? `Every target of route ${route.name} is failing (circuit breakers open); retry shortly`
      : `No target of route ${route.name} answered`,
    undefined,
    Math.ceil(route.breaker.openMs / 1000),
  );
}
