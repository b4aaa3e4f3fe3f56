import { AppError, httpStatusOf, type ErrorCode } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Logger } from '../log';
import { toAppError } from '../operations/to-app-error';

/**
 * Whatever the upstream call threw, as an AppError with a real status: the connect guard's refusal
 * is a 403 naming the host, timeouts are 504, every other failure to get an answer is a 502. undici
 * may wrap the cause, so the whole `cause` chain is searched.
 */
export function upstreamFailure(error: unknown, provider: AiProvider): AppError {
  const known = findAppError(error);
  if (known) return known;
  const forbiddenHost = findForbiddenHost(error);
  if (forbiddenHost !== null) {
    return new AppError(
      'forbidden_upstream',
      `${provider.name}'s host ${forbiddenHost.slice(0, 100)} resolves to a link-local or metadata address, which upstreams may not use`,
    );
  }
  const code = errorCode(error);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new AppError('upstream_timeout', `Connecting to ${provider.name} timed out`);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return new AppError('upstream_timeout', `${provider.name} did not answer in time`);
  return new AppError('upstream_unreachable', `Could not reach ${provider.name} (${code ?? 'connection failed'})`);
}

/** What a request still waiting on or streaming from an upstream gets when shutdown cuts it. */
export function shutdownRefusal(): AppError {
  return new AppError('proxy_paused', 'Switchboard is shutting down; retry in a moment', undefined, 5);
}

/**
 * Any error of the proxy path as an AppError whose status is one the code table knows: an AppError
 * anywhere in the cause chain wins; anything else is the shared mapping's (a logged 500 `internal`).
 */
export function proxyFailure(error: unknown, log: Logger): AppError {
  return findAppError(error) ?? toAppError(error, log);
}

function findAppError(error: unknown): AppError | null {
  for (const link of causes(error)) {
    if (link instanceof AppError && Object.hasOwn(httpStatusOf, link.code)) return link;
  }
  return null;
}

function findForbiddenHost(error: unknown): string | null {
  for (const link of causes(error)) {
    if ((link as { code?: unknown }).code === 'EFORBIDDENADDRESS') return String((link as { host?: unknown }).host ?? 'the host');
  }
  return null;
}

function errorCode(error: unknown): string | undefined {
  for (const link of causes(error)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && !Object.hasOwn(httpStatusOf, code as ErrorCode)) return code.slice(0, 60);
  }
  return undefined;
}

/** The error and its causes, outermost first (bounded: a cycle cannot loop). */
function* causes(error: unknown): Generator<unknown> {
  let link = error;
  for (let depth = 0; depth < 8 && typeof link === 'object' && link !== null; depth++) {
    yield link;
    link = (link as { cause?: unknown }).cause;
  }
}
