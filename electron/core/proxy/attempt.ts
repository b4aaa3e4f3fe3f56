import type { Dispatcher } from 'undici';
import { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { EventBus } from '../events';
import { toAppError } from '../operations/to-app-error';
import type { Logger } from '../log';
import type { Exchange } from './exchange';
import { nextStep } from './next-step';
import { prepareUpstream, type ClientRequest, type UpstreamRequest } from './prepare-upstream';
import type { ProxyLookups } from './proxy-lookups';
import type { ProxyRoute } from './route-path';
import { UpstreamCall, type CallContext } from './upstream-call';

export interface AttemptDeps {
  dispatcher: Dispatcher;
  lookups: ProxyLookups;
  events: EventBus;
  log: Logger;
  drainAfterDisconnectMs: number;
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

  function refuse(exchange: Exchange, error: AppError): void {
    exchange.refuse(error);
    deps.finish(exchange);
  }

  const context: CallContext<Attempt> = {
    drainAfterDisconnectMs: deps.drainAfterDisconnectMs,
    answered(exchange, status) {
      const provider = exchange.provider!;
      // A rejected key is read again from the vault next time: it may have been rotated meanwhile.
      if ((status === 401 || status === 403) && provider.secretId) {
        lookups.forgetSecret(provider.secretId);
        events.emit('upstream.authRejected', { aiProviderId: provider.id, providerName: provider.name, status });
      }
    },
    failed(attempt, error) {
      if (attempt.next < attempt.targets.length && !attempt.exchange.clientGone) return tryNext(attempt);
      refuse(attempt.exchange, upstreamFailure(error, attempt.exchange.provider!));
    },
    finish: deps.finish,
  };

  function tryNext(attempt: Attempt): void {
    const target = attempt.targets[attempt.next++]!;
    attempt.exchange.provider = target;
    try {
      nextStep(prepareUpstream(attempt.client, target, attempt.route.upstreamPath, attempt.query, lookups, Date.now()), attempt, send, notPlanned);
    } catch (error) {
      notPlanned(attempt, error);
    }
  }

  function send(attempt: Attempt, upstream: UpstreamRequest): void {
    const { exchange } = attempt;
    exchange.model = upstream.plan.model;
    exchange.streamed = upstream.plan.streamed;
    const call = new UpstreamCall(attempt, upstream, performance.now(), context);
    const { url } = upstream;
    dispatcher.dispatch({ origin: url.origin, path: url.pathname + url.search, method: upstream.method as Dispatcher.HttpMethod, headers: upstream.headers, body: upstream.body }, call);
  }

  /** A request that cannot be planned (bad JSON, no credential) is the client's or the admin's to fix: no next target. */
  function notPlanned(attempt: Attempt, error: unknown): void {
    refuse(attempt.exchange, toAppError(error, deps.log));
  }

  return {
    /** Sends the request to the first target; the exchange ends through `finish`. */
    start(exchange: Exchange, raw: Buffer | null, targets: AiProvider[]): void {
      const { req } = exchange;
      tryNext({ exchange, client: { method: req.method ?? 'GET', headers: req.headers, raw }, route: exchange.route!, query: exchange.url.searchParams, targets, next: 0 });
    },
  };
}

function upstreamFailure(error: unknown, provider: AiProvider): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new AppError('upstream_timeout', `Connecting to ${provider.name} timed out`);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return new AppError('upstream_timeout', `${provider.name} did not answer in time`);
  if (code === 'EFORBIDDENADDRESS') return new AppError('forbidden', `${provider.name}'s host resolves to a link-local or metadata address, which upstreams may not use`);
  return new AppError('upstream_unreachable', `Could not reach ${provider.name} (${code ?? 'connection failed'})`);
}
