import { z } from 'zod';
import { AiProviderId, ProjectId, TokenId } from '../ids';
import { ProviderSlug } from '../slugs';
import { Timestamp } from './common';
import { defineOperation } from './define';

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
});
export type UsageRecord = z.infer<typeof UsageRecord>;

/** A UTC calendar day, `2026-03-01`: the grain of the rollups. */
export const UsageDay = z.iso.date();

/** What a usage view can be grouped by; `authMethod` separates hosted from bring-your-own-key. */
export const usageGroupKeys = ['provider', 'model', 'project', 'token', 'pipeline', 'authMethod'] as const;
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

/** One day of one group; days without traffic are left out. */
export const UsagePoint = UsageTotals.extend({ day: UsageDay, key: z.string() });
export type UsagePoint = z.infer<typeof UsagePoint>;

/** `otherKey` collects every group beyond the top `limit`, so a chart stays readable. */
export const usageOtherKey = '__other__';

export const UsageTimeSeries = UsageRange.extend({
  /** Every day of the range, in order, for a continuous axis. */
  days: z.array(UsageDay),
  /** The series, largest first; may end with `__other__`. */
  keys: z.array(z.object({ key: z.string(), label: z.string() })),
  points: z.array(UsagePoint),
  /** Per-day totals over every group (requests and errors over time). */
  daily: z.array(UsageTotals.extend({ day: UsageDay })),
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
    summary: 'Daily usage per group (top `limit` groups, the rest as __other__), from the daily rollups.',
    input: UsageQuery.safeExtend({ limit: seriesLimit }),
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
