import { z } from 'zod';
import { AiProviderId, ProjectId, RouteId } from '../ids';
import { ProviderSlug, providerSlugs } from '../slugs';
import { Deleted, PageInput, Timestamp, pageOf } from './common';
import { defineOperation } from './define';
import { ModelName } from './ai-providers';

/**
 * The wire format a route speaks. A fallback only crosses AI providers that speak the same one, so
 * a client's request (and the tools, thinking blocks and stream it expects back) stays valid.
 */
export const WireFamily = z.enum(['anthropic', 'openai', 'gemini', 'bedrock']);
export type WireFamily = z.infer<typeof WireFamily>;

/** Each provider kind's wire family; ollama's is its OpenAI-compatible `/v1` API. */
export const wireFamilyOf: Record<ProviderSlug, WireFamily> = {
  anthropic: 'anthropic',
  openai: 'openai',
  azure: 'openai',
  xai: 'openai',
  groq: 'openai',
  gateway: 'openai',
  custom: 'openai',
  ollama: 'openai',
  google: 'gemini',
  bedrock: 'bedrock',
};

/**
 * A route's name is the first path segment under `/v3/ai/`, beside provider slugs and `aip_` ids,
 * so it is a lower-case word that can be neither.
 * @example "claude-main"
 */
export const RouteName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be a lower-case word (a-z, 0-9, . _ -), at most 63 characters')
  .refine((name) => !(providerSlugs as readonly string[]).includes(name), 'must not be a provider slug (it would hide that provider)')
  .refine((name) => !name.startsWith('aip_') && !name.startsWith('rte_'), 'must not look like an id');

/** Why an attempt failed, as a retry policy names it. */
export const FailureKind = z.enum(['connect', 'timeout', '408', '429', '500', '502', '503', '504', '529', 'stream_error']);
export type FailureKind = z.infer<typeof FailureKind>;

/**
 * When and how often a request is tried again. The default budget is one retry: clients such as
 * Claude Code retry a 529 up to ten times themselves, and retries multiply.
 */
export const RetryPolicy = z.strictObject({
  /** Attempts for one request across all targets; 2 = one retry. */
  maxAttempts: z.number().int().min(1).max(10).default(2),
  /** Attempts on one target before moving to the next. */
  attemptsPerTarget: z.number().int().min(1).max(5).default(1),
  /** Base of the exponential backoff (full jitter) between attempts on the same target. */
  backoffMs: z.number().int().min(0).max(10_000).default(250),
  /** The longest wait before an attempt: a longer `Retry-After` moves on to the next target, or ends the request. */
  maxWaitMs: z.number().int().min(0).max(60_000).default(5_000),
  /** The failures that may be tried again; any other answer goes to the client as it is. */
  retryOn: z
    .array(FailureKind)
    .max(FailureKind.options.length)
    .default([...FailureKind.options]),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/** Per target: open after `failureThreshold` failures within `windowMs`, skip it for `openMs`, then let one probe through. */
export const BreakerPolicy = z.strictObject({
  failureThreshold: z.number().int().min(1).max(1000).default(5),
  windowMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
  openMs: z.number().int().min(1_000).max(3_600_000).default(30_000),
});
export type BreakerPolicy = z.infer<typeof BreakerPolicy>;

export const RouteTarget = z.strictObject({
  aiProviderId: AiProviderId,
  /** Sent instead of the client's model on this target (its own name for the same model, or a cheaper one). */
  model: ModelName.nullable().default(null),
  /** Share of first attempts under `weighted`. */
  weight: z.number().int().min(1).max(1000).default(1),
  /**
   * Follow-up turns that carry signed thinking blocks go only to this target: Anthropic binds a
   * thinking signature to the account that issued it, and another account refuses the turn.
   */
  pinFollowUps: z.boolean().default(false),
});
export type RouteTarget = z.infer<typeof RouteTarget>;

/** `fallback`: targets in order. `weighted`: the first attempt by weight, then the others in order. */
export const RouteStrategy = z.enum(['fallback', 'weighted']);

/** A named virtual provider: `/v3/ai/<name>/<upstream path>` tries its targets until one answers. */
export const Route = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  family: WireFamily,
  strategy: RouteStrategy,
  targets: z.array(RouteTarget),
  retry: RetryPolicy,
  breaker: BreakerPolicy,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Route = z.infer<typeof Route>;

const Targets = z.array(RouteTarget).min(1).max(10);

export const CreateRouteInput = z.strictObject({
  projectId: ProjectId.optional(),
  name: RouteName,
  family: WireFamily,
  strategy: RouteStrategy.default('fallback'),
  targets: Targets,
  retry: RetryPolicy.default(RetryPolicy.parse({})),
  breaker: BreakerPolicy.default(BreakerPolicy.parse({})),
});

/** PATCH semantics: an absent field is unchanged; targets and policies are replaced whole. */
export const UpdateRouteInput = z.strictObject({
  routeId: RouteId,
  name: RouteName.optional(),
  family: WireFamily.optional(),
  strategy: RouteStrategy.optional(),
  targets: Targets.optional(),
  retry: RetryPolicy.optional(),
  breaker: BreakerPolicy.optional(),
});

/** A target's circuit breaker as the proxy holds it now. */
export const BreakerStatus = z.object({
  routeId: z.string(),
  aiProviderId: z.string(),
  state: z.enum(['closed', 'open', 'half_open']),
  /** Failures counted within the window. */
  recentFailures: z.number().int().min(0),
  /** When an open breaker lets its probe through. */
  openUntil: Timestamp.nullable(),
});
export type BreakerStatus = z.infer<typeof BreakerStatus>;

/** One key of an AI provider's pool: in use, or resting after the upstream refused or throttled it. */
export const KeyStatus = z.object({
  aiProviderId: z.string(),
  secretId: z.string(),
  state: z.enum(['ready', 'cooling']),
  /** The status that sent it to rest (429, 401, 403). */
  lastStatus: z.number().int().nullable(),
  coolingUntil: Timestamp.nullable(),
});
export type KeyStatus = z.infer<typeof KeyStatus>;

/** What the proxy knows about its upstreams' health: only entries that have seen traffic. */
export const UpstreamHealth = z.object({ breakers: z.array(BreakerStatus), keys: z.array(KeyStatus) });
export type UpstreamHealth = z.infer<typeof UpstreamHealth>;

export const routeOperations = {
  listRoutes: defineOperation({
    summary: 'List routes (named virtual providers with fallback targets), optionally of one project.',
    input: PageInput.extend({ projectId: ProjectId.optional() }).strict(),
    output: pageOf(Route),
    permission: 'routes:ListRoutes',
    http: { method: 'GET', path: '/routes' },
  }),
  getRoute: defineOperation({
    summary: 'Get one route.',
    input: z.strictObject({ routeId: RouteId }),
    output: Route,
    permission: 'routes:GetRoute',
    http: { method: 'GET', path: '/routes/:routeId' },
  }),
  /**
   * @example POST /api/v1/routes { "name": "claude", "family": "anthropic", "targets": [{ "aiProviderId": "aip_…" }, { "aiProviderId": "aip_…", "model": "claude-sonnet-4-5" }] }
   */
  createRoute: defineOperation({
    summary: 'Create a route: clients call /v3/ai/<name>/… and its targets are tried in turn.',
    input: CreateRouteInput,
    output: Route,
    permission: 'routes:CreateRoute',
    http: { method: 'POST', path: '/routes', successStatus: 201 },
  }),
  updateRoute: defineOperation({
    summary: 'Change a route (absent fields unchanged; targets and policies replaced whole).',
    input: UpdateRouteInput,
    output: Route,
    permission: 'routes:UpdateRoute',
    http: { method: 'PATCH', path: '/routes/:routeId' },
  }),
  deleteRoute: defineOperation({
    summary: 'Delete a route.',
    input: z.strictObject({ routeId: RouteId }),
    output: Deleted,
    permission: 'routes:DeleteRoute',
    http: { method: 'DELETE', path: '/routes/:routeId' },
  }),
};
