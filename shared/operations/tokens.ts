import { z } from 'zod';
import { AiProviderId, ProjectId, TokenId } from '../ids';
import { Permission } from '../permissions';
import { Name, ProviderSlug } from '../slugs';
import { IfMatch, PageInput, QueryBoolean, Timestamp, pageOf } from './common';
import { defineOperation } from './define';
import { RouteName } from './routes';

/** `job`: presented to the proxy by a pipeline step. `api`: presented to REST and MCP. */
export const TokenKind = z.enum(['job', 'api']);
export type TokenKind = z.infer<typeof TokenKind>;

/** Label names are lower-case words: pipeline, build, job, branch, or your own. */
export const LabelName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be a lower-case word (a-z, 0-9, _ -), at most 40 characters');
export const Labels = z.record(LabelName, z.string().max(200)).refine((labels) => Object.keys(labels).length <= 20, {
  message: 'at most 20 labels',
});

/** Each limit, without its default: what an edit may change, field by field. */
const limitFields = {
  requestsPerMinute: z.number().int().positive().max(1_000_000).nullable(),
  inputTokensPerMinute: z.number().int().positive().max(1_000_000_000).nullable(),
  /** Lifetime spend cap for the token, in US dollars. */
  spendCapUsd: z.number().positive().max(1_000_000).nullable(),
  /** Requests of this token answered at once by one gateway; null: no limit. Beyond it, requests wait in a queue. */
  maxConcurrent: z.number().int().min(1).max(1000).nullable(),
  /** How long a request may wait for a free slot before it is refused (429 `concurrency_limit`); 0: refused at once. */
  queueWaitSeconds: z.number().int().min(0).max(300),
  /** How many requests may wait at once; one more is refused at once. */
  maxQueued: z.number().int().min(0).max(10_000),
};

export const TokenLimits = z.object({
  requestsPerMinute: limitFields.requestsPerMinute.default(null),
  inputTokensPerMinute: limitFields.inputTokensPerMinute.default(null),
  spendCapUsd: limitFields.spendCapUsd.default(null),
  maxConcurrent: limitFields.maxConcurrent.default(null),
  queueWaitSeconds: limitFields.queueWaitSeconds.default(0),
  maxQueued: limitFields.maxQueued.default(100),
});
/** An edit of a token's limits: the fields it names change, the others stay as they are. */
export const TokenLimitsPatch = z.strictObject(limitFields).partial();
export type TokenLimits = z.infer<typeof TokenLimits>;

/** A token with no limits: also what a limit missing from a stored token (one issued before it existed) falls back to. */
export const noTokenLimits: TokenLimits = {
  requestsPerMinute: null,
  inputTokensPerMinute: null,
  spendCapUsd: null,
  maxConcurrent: null,
  queueWaitSeconds: 0,
  maxQueued: 100,
};

/** A provider a job token may call: a slug (any provider of that kind), an `aip_` id, or a route's name. */
export const AllowedProvider = z.union([ProviderSlug, AiProviderId, RouteName]);

/** Token metadata. The token itself is shown once, at creation, and stored only as a hash. */
export const Token = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  kind: TokenKind,
  /** The first characters of the token, to recognise it, e.g. `sb_k3Jd…`. */
  prefix: z.string(),
  permissions: z.array(Permission),
  /** Empty: every provider of the project. */
  allowedProviders: z.array(z.string()),
  labels: z.record(z.string(), z.string()),
  limits: TokenLimits,
  expiresAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  lastUsedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Token = z.infer<typeof Token>;

export const CreateTokenInput = z.strictObject({
  projectId: ProjectId.optional(),
  name: Name,
  kind: TokenKind,
  permissions: z.array(Permission).max(100).default([]),
  allowedProviders: z.array(AllowedProvider).max(50).default([]),
  labels: Labels.default({}),
  limits: TokenLimits.strict().default(noTokenLimits),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

export const CreatedToken = z.object({
  token: Token,
  /** The full token, `sb_…`. Shown once; Switchboard keeps only its hash. */
  value: z.string(),
});

export const tokenOperations = {
  listTokens: defineOperation({
    summary: 'List token metadata.',
    input: PageInput.extend({
      projectId: ProjectId.optional(),
      kind: TokenKind.optional(),
      includeRevoked: QueryBoolean.optional(),
    }).strict(),
    output: pageOf(Token),
    permission: 'tokens:ListTokens',
    http: { method: 'GET', path: '/tokens' },
  }),
  getToken: defineOperation({
    summary: "Get one token's metadata.",
    input: z.strictObject({ tokenId: TokenId }),
    output: Token,
    permission: 'tokens:GetToken',
    http: { method: 'GET', path: '/tokens/:tokenId' },
  }),
  createToken: defineOperation({
    summary: 'Issue a token; its value is returned once.',
    input: CreateTokenInput,
    output: CreatedToken,
    permission: 'tokens:CreateToken',
    http: { method: 'POST', path: '/tokens', successStatus: 201 },
  }),
  updateToken: defineOperation({
    summary: 'Rename a token or change its allowed providers, labels, limits or expiry.',
    input: z.strictObject({
      tokenId: TokenId,
      ifMatch: IfMatch.optional(),
      name: Name.optional(),
      /** A job token's providers; `[]` allows every provider of the project. */
      allowedProviders: z.array(AllowedProvider).max(50).optional(),
      labels: Labels.optional(),
      limits: TokenLimitsPatch.optional(),
      expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
    }),
    output: Token,
    permission: 'tokens:UpdateToken',
    http: { method: 'PATCH', path: '/tokens/:tokenId' },
  }),
  revokeToken: defineOperation({
    summary: 'Revoke a token; it is refused from then on.',
    input: z.strictObject({ tokenId: TokenId }),
    output: Token,
    permission: 'tokens:RevokeToken',
    http: { method: 'DELETE', path: '/tokens/:tokenId' },
  }),
};
