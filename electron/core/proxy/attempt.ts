import type { Dispatcher } from 'undici';
import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Exchange } from './exchange';
import { nextStep } from './next-step';
import { prepareUpstream, type ClientRequest, type UpstreamRequest } from './prepare-upstream';
import { proxyFailure, shutdownRefusal, upstreamFailure } from './proxy-failure';
import type { ProxyLookups } from './proxy-lookups';
import type { ProxyRoute } from './route-path';
import { UpstreamCall, type CallContext } from './upstream-call';

export interface AttemptDeps {
  dispatcher: Dispatcher;
  lookups: ProxyLookups;
  events: EventBus;
  log: Logger;
  drainAfterDisconnectMs: number;
  /** True once shutdown cuts what is still running. */
  shuttingDown(): boolean;
  /** The exchange is over, answered or refused. */
  finish(exchange: Exchange): void;
}

/** One request's way through its candidate targets. */
interface Attempt {
  readonly exchange: Exchange;
  readonly client: ClientRequest;
  readonly route: ProxyRoute;
  readonly query: URLSearchParams;
  readonly targets: AiProvider[];
  /** The index of the next target to try. */
  next: number;
}

/**
 * The third stage: plan the upstream request for a target with its provider module and send it.
 * An answer is committed at its response head; a failure before it moves on to the next target
 * when there is one and ends the exchange when there is none. Nothing is retried after the head.
 */
export function createAttempts(deps: AttemptDeps) {
  const { dispatcher, lookups, events } = deps;
  /** Calls waiting on or streaming from an upstream, so shutdown can cut them. */
  const live = new Set<UpstreamCall<Attempt>>();

  function refuse(exchange: Exchange, error: AppError, outcome?: string): void {
    exchange.refuse(error, outcome);
    deps.finish(exchange);
  }

  const context: CallContext<Attempt> = {
    drainAfterDisconnectMs: deps.drainAfterDisconnectMs,
    shuttingDown: deps.shuttingDown,
    answered(exchange, status) {
      const provider = exchange.provider!;
      // A rejected key is read again from the vault next time: it may have been rotated meanwhile.
      if ((status === 401 || status === 403) && provider.secretId) {
        lookups.forgetSecret(provider.secretId);
        events.emit('upstream.authRejected', { aiProviderId: provider.id, providerName: provider.name, status });
      }
    },
    failed(attempt, call, error) {
      live.delete(call);
      const { exchange } = attempt;
      if (deps.shuttingDown()) return refuse(exchange, shutdownRefusal(), 'shutdown');
      if (attempt.next < attempt.targets.length && !exchange.clientGone) return tryNext(attempt);
      refuse(exchange, upstreamFailure(error, exchange.provider!));
    },
    finish(exchange, call) {
      live.delete(call);
      deps.finish(exchange);
    },
  };

  function tryNext(attempt: Attempt): void {
    const target = attempt.targets[attempt.next++]!;
    attempt.exchange.provider = target;
    attempt.exchange.attempts++;
    try {
      nextStep(
        prepareUpstream(attempt.client, target, attempt.route.upstreamPath, attempt.query, lookups, Date.now()),
        attempt,
        send,
        notPlanned,
      );
    } catch (error) {
      notPlanned(attempt, error);
    }
  }

  function send(attempt: Attempt, upstream: UpstreamRequest): void {
    const { exchange } = attempt;
    exchange.model = upstream.plan.model;
    exchange.streamed = upstream.plan.streamed;
    exchange.clientBody = upstream.clientBody;
    const call = new UpstreamCall(attempt, upstream, performance.now(), context);
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
    refuse(attempt.exchange, proxyFailure(error, deps.log));
  }

  return {
    /** Shutdown: ends every upstream call still running (each is then recorded as `shutdown`). */
    cutAll(): void {
      for (const call of live) call.abort(new Error('Switchboard is shutting down'));
    },
    /** Sends the request to the first target; the exchange ends through `finish`. */
    start(exchange: Exchange, raw: Buffer | null, targets: AiProvider[]): void {
      const { req } = exchange;
      tryNext({
        exchange,
        client: { method: req.method ?? 'GET', headers: req.headers, raw },
        route: exchange.route!,
        query: exchange.url.searchParams,
        targets,
        next: 0,
      });
    },
  };
}
