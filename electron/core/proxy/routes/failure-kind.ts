import type { FailureKind } from '../../../../shared/operations/routes';

/** The statuses a route tries again: the request itself was fine, the upstream was not, this time. */
const retriedStatuses: Record<number, FailureKind> = {
  408: '408',
  429: '429',
  500: '500',
  502: '502',
  503: '503',
  504: '504',
  529: '529',
};

/** The failure kind of an answer's status, or null when the answer is the client's to have. */
export function statusFailure(status: number): FailureKind | null {
  return retriedStatuses[status] ?? null;
}

/**
 * The failure kind of an error before any answer: a timeout waiting to connect or for the head,
 * or a connection that failed. A refused address (the connect guard) is no upstream failure.
 */
export function errorFailure(error: unknown): FailureKind | null {
  for (let link = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; link && depth < 8; depth++) {
    if (link.code === 'EFORBIDDENADDRESS') return null;
    if (link.code === 'UND_ERR_CONNECT_TIMEOUT' || link.code === 'UND_ERR_HEADERS_TIMEOUT') return 'timeout';
    link = typeof link.cause === 'object' && link.cause !== null ? (link.cause as typeof link) : undefined;
  }
  return 'connect';
}

/**
 * How long the upstream asked to wait, in milliseconds: `retry-after-ms` (what the OpenAI and
 * Anthropic SDKs read first), else `retry-after` in seconds or as an HTTP date; null when absent.
 */
export function retryAfterMs(get: (name: string) => string | undefined, now: number): number | null {
  const ms = get('retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = get('retry-after')?.trim();
  if (value === undefined || value === '') return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
