import { z } from 'zod';

/**
 * Every error that crosses a boundary (REST, IPC, MCP, proxy) has this shape.
 * @example { "error": { "code": "not_found", "message": "AI provider aip_x not found" } }
 */
export const ErrorCode = z.enum([
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  /** An `If-Match` that names a version other than the stored one: someone else changed the record. */
  'precondition_failed',
  'payload_too_large',
  'unsupported_media_type',
  'upgrade_required',
  'rate_limited',
  'budget_exhausted',
  /** A job token's concurrent requests are all in use and its wait queue is full, or the wait ran out. */
  'concurrency_limit',
  'vault_unavailable',
  /** The team database cannot be reached, and what the request needs is not cached (or the outage outlasted the grace period). */
  'store_unavailable',
  'forbidden_upstream',
  'upstream_unreachable',
  'upstream_timeout',
  'proxy_paused',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const httpStatusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  upgrade_required: 426,
  rate_limited: 429,
  budget_exhausted: 402,
  concurrency_limit: 429,
  vault_unavailable: 503,
  store_unavailable: 503,
  forbidden_upstream: 403,
  upstream_unreachable: 502,
  upstream_timeout: 504,
  proxy_paused: 503,
  internal: 500,
};

/** The one error type services throw; adapters turn it into their wire format. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds a client should wait before retrying (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return httpStatusOf[this.code];
  }

  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

/** One field-level problem: `{ path: "config.region", message: "…" }`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * The one 400 for input that breaks a rule, whether a zod schema or a rule the schema cannot say
 * (a date in the past, an unknown id): `Invalid input: <first path>: <message>` with every issue.
 */
export function invalidInput(issues: readonly FieldIssue[], what = 'input'): AppError {
  const details = issues.slice(0, 50);
  const first = details[0];
  const summary = first ? `${first.path || what}: ${first.message}` : 'invalid';
  return new AppError('validation_failed', `Invalid ${what}: ${summary}`, details);
}

/** The same 400 for a failed zod parse. */
export function validationError(issues: readonly z.core.$ZodIssue[], what = 'input'): AppError {
  return invalidInput(
    issues.slice(0, 50).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    what,
  );
}
