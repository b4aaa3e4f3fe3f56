import { z } from 'zod';
import { AiProviderId, GatewayId, ProjectId, TokenId } from '../ids';
import { ProviderSlug } from '../slugs';
import { PageInput, pageOf } from './common';
import { defineOperation } from './define';
import { UsageRecord } from './usage';

/**
 * One entry of the request log: a usage row as a person debugging reads it. Never a body, never a
 * key: the error message is the one the client was answered, already free of credentials.
 */
export const RequestLogEntry = UsageRecord;
export type RequestLogEntry = z.infer<typeof RequestLogEntry>;

/** `2xx` … `5xx` by HTTP status; `error` is every request that did not end `ok` (any status). */
export const RequestStatusClass = z.enum(['2xx', '3xx', '4xx', '5xx', 'error']);
export type RequestStatusClass = z.infer<typeof RequestStatusClass>;

const Instant = z.iso.datetime({ offset: true });

/**
 * The request log's filters. Without `since`, the last 24 hours; `until` is exclusive. A token
 * caller sees only its own project.
 * @example { "since": "2026-03-01T00:00:00Z", "status": "5xx", "pipeline": "deploy" }
 */
export const RequestLogQuery = PageInput.extend({
  since: Instant.optional(),
  until: Instant.optional(),
  projectId: ProjectId.optional(),
  status: RequestStatusClass.optional(),
  /** The outcome or error code: `upstream_error`, `rate_limited`, `client_disconnect`, … */
  errorCode: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,59}$/)
    .optional(),
  tokenId: TokenId.optional(),
  pipeline: z.string().min(1).max(200).optional(),
  /** A slug (every provider of that kind) or an `aip_` id. */
  provider: z.union([ProviderSlug, AiProviderId]).optional(),
  model: z.string().min(1).max(200).optional(),
  /** Only requests this gateway (`gw_…`) served. */
  gatewayId: GatewayId.optional(),
  /** The `x-request-id` a response carried; finds that one request whatever the time range. */
  requestId: z.string().min(1).max(64).optional(),
})
  .strict()
  .refine((q) => !q.since || !q.until || q.since < q.until, { message: 'must be before `until`', path: ['since'] });
export type RequestLogQuery = z.infer<typeof RequestLogQuery>;

export const requestOperations = {
  listRequests: defineOperation({
    summary:
      'The request log, newest first: one entry per proxied request, filtered by time, status, error code, token, pipeline, provider, model, gateway or request id.',
    input: RequestLogQuery,
    output: pageOf(RequestLogEntry),
    permission: 'requests:ListRequests',
    http: { method: 'GET', path: '/requests' },
  }),
};
