import { z } from 'zod';
import { AiProviderId, GatewayId, ProjectId, TokenId } from '../ids';
import { ProviderSlug } from '../slugs';
import { Timestamp } from './common';
import { defineOperation } from './define';

/** One try of a request at one target: what the route did before (or while) answering. */
export const AttemptRecord = z.object({
  aiProviderId: z.string(),
  /** The upstream's status; null when none came (connect error, timeout). */
  status: z.number().int().nullable(),
  /** Why it failed (`connect`, `timeout`, `529`, `stream_error`, …); null for the attempt that answered. */
  errorCode: z.string().nullable(),
  durationMs: z.number().int(),
  /** The target's provider slug and the model it was asked for (absent on rows written before they were kept). */
  provider: z.string().optional(),
  model: z.string().nullable().optional(),
  /** When the call was sent, in milliseconds after the request arrived. */
  startMs: z.number().int().optional(),
});
export type AttemptRecord = z.infer<typeof AttemptRecord>;

/** One row per proxied request. Cost is integer micro-dollars; null when the model has no price. */
export const UsageRecord = z.object({
  id: z.string(),
  at: Timestamp,
  requestId: z.string(),
  projectId: z.string(),
  aiProviderId: z.string().nullable(),
  provider: z.string(),
  authMethod: z.string(),
  tokenId: z.string().nullable(),
  model: z.string().nullable(),
  endpoint: z.string(),
  streamed: z.boolean(),
  status: z.number().int(),
  /** Why a request did not complete normally: `client_disconnect`, `upstream_timeout`, `rate_limited`… */
  outcome: z.string(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cacheReadTokens: z.number().int(),
  cacheWriteTokens: z.number().int(),
  costMicroUsd: z.number().int().nullable(),
  /** The upstream's usage could not be read (no usage report, an undecodable body): tokens are unknown, not zero, and cost is null. */
  usageUnknown: z.boolean(),
  latencyMs: z.number().int(),
  ttfbMs: z.number().int().nullable(),
  labels: z.record(z.string(), z.string()),
  /** The route the request named (`aiProviderId` is then the target that answered); null for a provider route. */
  routeId: z.string().nullable(),
  /** Upstream calls made for it: 0 when refused before any, more than 1 when a route tried again. */
  attempts: z.number().int(),
  /** A routed request's attempts, in order; null for a provider route. */
  attemptLog: z.array(AttemptRecord).nullable(),
  /** What the request's URL named: a provider slug, an `aip_` id or a route; `provider`/`aiProviderId` is the target that answered. */
  route: z.string(),
  /** Milliseconds the proxy itself added before the answer's first byte (admission, routing, planning), null when no upstream answered. */
  overheadMs: z.number().int().nullable(),
  /** The error message the client was answered (credentials scrubbed, at most 300 characters); null on success. */
  errorMessage: z.string().nullable(),
  /** The gateway that served it (its `gw_` heartbeat id); null for rows from before gateways were recorded. */
  gatewayId: z.string().nullable(),
});
export type UsageRecord = z.infer<typeof UsageRecord>;

/** A UTC calendar day, `2026-03-01`: the grain of the daily rollups. */
export const UsageDay = z.iso.date();

/** A UTC hour, `2026-03-01T13:00Z`: the grain of the hourly rollups. */
export const UsageHour = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:00Z$/);

/** One step of a time series' axis: a day, or an hour when the series is hourly. */
export const UsageBucket = z.union([UsageDay, UsageHour]);

/** How finely a time series is cut: `auto` is by hour for ranges of up to 7 days, by day beyond. */
export const UsageGrain = z.enum(['auto', 'day', 'hour']);
export type UsageGrain = z.infer<typeof UsageGrain>;

/** The longest range (in days) charted by hour. */
export const maxHourlyRangeDays = 7;

/** What a usage view can be grouped by; `authMethod` separates hosted from bring-your-own-key, `gateway` the gateways of a team. */
export const usageGroupKeys = ['provider', 'model', 'project', 'token', 'pipeline', 'authMethod', 'gateway'] as const;
export const UsageGroupBy = z.enum(usageGroupKeys);
export type UsageGroupBy = z.infer<typeof UsageGroupBy>;

/**
 * The view every usage operation shares: an inclusive UTC day range (default: the last 30 days)
 * and optional filters. `provider` is a slug (every provider of that kind) or an `aip_` id.
 * @example { "from": "2026-01-01", "to": "2026-01-31", "groupBy": "model", "provider": "anthropic" }
 */
export const UsageQuery = z
  .strictObject({
    from: UsageDay.optional(),
    to: UsageDay.optional(),
    projectId: ProjectId.optional(),
    provider: z.union([ProviderSlug, AiProviderId]).optional(),
    tokenId: TokenId.optional(),
    /** Only what this gateway (`gw_…`, see listGateways) served. */
    gatewayId: GatewayId.optional(),
    groupBy: UsageGroupBy.default('model'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after `to`', path: ['from'] });
export type UsageQuery = z.infer<typeof UsageQuery>;

/**
 * Summed counters. Cost is integer micro-dollars over priced requests only; `unpricedRequests`
 * counts requests whose model has no price, so a total is never silently shown as $0.
 */
export const UsageTotals = z.object({
  requests: z.number().int(),
  errors: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cacheReadTokens: z.number().int(),
  cacheWriteTokens: z.number().int(),
  costMicroUsd: z.number().int(),
  unpricedRequests: z.number().int(),
});
export type UsageTotals = z.infer<typeof UsageTotals>;

/** One group of a view. `key` is the raw value ('' = none: no model, no pipeline label…); `label` is for people. */
export const UsageGroup = UsageTotals.extend({ key: z.string(), label: z.string() });
export type UsageGroup = z.infer<typeof UsageGroup>;

/** The resolved range the answer covers, echoed so a client can label it. */
const UsageRange = z.object({ from: UsageDay, to: UsageDay, groupBy: UsageGroupBy });

export const UsageSummary = UsageRange.extend({
  totals: UsageTotals,
  /** Largest first (by total tokens, then requests). */
  groups: z.array(UsageGroup),
});
export type UsageSummary = z.infer<typeof UsageSummary>;

/** One bucket (day or hour) of one group; buckets without traffic are left out. */
export const UsagePoint = UsageTotals.extend({ day: UsageBucket, key: z.string() });
export type UsagePoint = z.infer<typeof UsagePoint>;

/** `otherKey` collects every group beyond the top `limit`, so a chart stays readable. */
export const usageOtherKey = '__other__';

export const UsageTimeSeries = UsageRange.extend({
  /** `hour` when `days` and every point's `day` are hours (`2026-03-01T13:00Z`), `day` otherwise. */
  grain: z.enum(['day', 'hour']),
  /** Every bucket of the range, in order, for a continuous axis: days, or hours when `grain` is `hour`. */
  days: z.array(UsageBucket),
  /** The series, largest first; may end with `__other__`. */
  keys: z.array(z.object({ key: z.string(), label: z.string() })),
  points: z.array(UsagePoint),
  /** Per-bucket totals over every group (requests and errors over time). */
  daily: z.array(UsageTotals.extend({ day: UsageBucket })),
});
export type UsageTimeSeries = z.infer<typeof UsageTimeSeries>;

export const UsageExportFormat = z.enum(['csv', 'json']);
export type UsageExportFormat = z.infer<typeof UsageExportFormat>;

/** The columns of an export, in order: one row per day and group of the view. */
export const usageExportColumns = [
  'day',
  'groupBy',
  'key',
  'label',
  'requests',
  'errors',
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'costUsd',
  'unpricedRequests',
] as const;

/**
 * One exported row. `costUsd` is the priced cost in US dollars, a number (0.012345), or null when
 * nothing in the row could be priced; CSV writes it with its six decimals ("0.012345") or empty.
 */
export const UsageExportRow = UsageTotals.omit({ costMicroUsd: true }).extend({
  day: UsageDay,
  groupBy: UsageGroupBy,
  key: z.string(),
  label: z.string(),
  costUsd: z.number().nullable(),
});
export type UsageExportRow = z.infer<typeof UsageExportRow>;

/**
 * An export as one text (IPC, MCP). Over REST the same operation streams the body instead
 * (`GET /api/v1/usage/export?format=csv`), so a year of data never sits in memory.
 */
export const UsageExport = z.object({
  filename: z.string(),
  contentType: z.string(),
  body: z.string(),
});
export type UsageExport = z.infer<typeof UsageExport>;

const seriesLimit = z.coerce.number().int().min(1).max(50).default(8);

export const usageOperations = {
  getUsageSummary: defineOperation({
    summary: 'Usage totals and groups over a day range, from the daily rollups.',
    input: UsageQuery,
    output: UsageSummary,
    permission: 'usage:GetUsageSummary',
    http: { method: 'GET', path: '/usage/summary' },
  }),
  getUsageTimeSeries: defineOperation({
    summary:
      'Usage over time per group (top `limit` groups, the rest as __other__): by hour from the hourly rollups for ranges of up to 7 days, by day from the daily ones beyond (or as `grain` says).',
    input: UsageQuery.safeExtend({ limit: seriesLimit, grain: UsageGrain.default('auto') }),
    output: UsageTimeSeries,
    permission: 'usage:GetUsageTimeSeries',
    http: { method: 'GET', path: '/usage/time-series' },
  }),
  exportUsage: defineOperation({
    summary: 'Export the view as CSV or JSON rows (day × group). Streamed over REST.',
    input: UsageQuery.safeExtend({ format: UsageExportFormat.default('csv') }),
    output: UsageExport,
    permission: 'usage:ExportUsage',
    http: { method: 'GET', path: '/usage/export' },
  }),
};
