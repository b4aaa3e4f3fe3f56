import { z } from 'zod';
import { BudgetId, ProjectId, SecretId } from '../ids';
import { Name } from '../slugs';
import { Deleted, PageInput, Timestamp, pageOf } from './common';
import { defineOperation } from './define';

/** What a budget caps: one token, a whole project, or one AI provider (`aip_…`). */
export const BudgetScope = z.enum(['token', 'project', 'aiProvider']);
export type BudgetScope = z.infer<typeof BudgetScope>;

/** When a budget starts again from zero; weeks start on Monday. */
export const BudgetPeriod = z.enum(['lifetime', 'daily', 'weekly', 'monthly']);
export type BudgetPeriod = z.infer<typeof BudgetPeriod>;

/** An IANA time zone (`UTC`, `Europe/Berlin`): where a day, week or month begins. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as UTC or Europe/Berlin' },
  );

/** The budget percentages at which an alert goes out, once per period each. */
export const budgetThresholds = [50, 80, 100] as const;

/** A spend cap on a scope for a period. Spent and reserved are integer micro-dollars. */
export const Budget = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  scope: BudgetScope,
  /** The token (`tok_…`), project (`prj_…`) or AI provider (`aip_…`) capped. */
  scopeId: z.string(),
  period: BudgetPeriod,
  timeZone: z.string(),
  capUsd: z.number(),
  /** Requests for models without a price pass under this budget (uncounted) instead of being refused. */
  allowUnpriced: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Budget = z.infer<typeof Budget>;

/** A budget with where it stands in its current period. */
export const BudgetStatus = Budget.extend({
  periodStart: Timestamp,
  /** Null for a lifetime budget. */
  periodEnd: Timestamp.nullable(),
  spentMicroUsd: z.number().int(),
  /** Held by requests in flight, settled to their actual cost when they finish. */
  reservedMicroUsd: z.number().int(),
});
export type BudgetStatus = z.infer<typeof BudgetStatus>;

const CapUsd = z.number().positive().max(10_000_000);

export const CreateBudgetInput = z.strictObject({
  projectId: ProjectId.optional(),
  name: Name,
  scope: BudgetScope,
  scopeId: z.string().min(1).max(64),
  period: BudgetPeriod,
  timeZone: TimeZone.default('UTC'),
  capUsd: CapUsd,
  allowUnpriced: z.boolean().default(false),
});
export type CreateBudgetInput = z.infer<typeof CreateBudgetInput>;

export const UpdateBudgetInput = z.strictObject({
  budgetId: BudgetId,
  name: Name.optional(),
  period: BudgetPeriod.optional(),
  timeZone: TimeZone.optional(),
  capUsd: CapUsd.optional(),
  allowUnpriced: z.boolean().optional(),
});
export type UpdateBudgetInput = z.infer<typeof UpdateBudgetInput>;

/** A token's own lifetime spend cap (`limits.spendCapUsd`) and what it has spent and holds against it. */
export const TokenSpend = z.object({
  tokenId: z.string(),
  capUsd: z.number(),
  spentMicroUsd: z.number().int(),
  reservedMicroUsd: z.number().int(),
});
export type TokenSpend = z.infer<typeof TokenSpend>;

/**
 * Where a project's budget alerts are posted: Slack-compatible JSON (`text`, plus the alert under
 * `switchboard`), signed with the linked secret's value: `X-Switchboard-Signature: sha256=<hex>`,
 * the HMAC-SHA256 of `<X-Switchboard-Timestamp>.<body>`.
 */
export const BudgetWebhook = z.object({
  projectId: z.string(),
  url: z.string(),
  /** The secret whose value signs each alert; null sends them unsigned. */
  secretId: z.string().nullable(),
  updatedAt: Timestamp,
});
export type BudgetWebhook = z.infer<typeof BudgetWebhook>;

/**
 * Budgets: a cap on spend per token, project or AI provider, for a lifetime, day, week or month.
 * @example POST /api/v1/budgets { "name": "CI monthly", "scope": "project", "scopeId": "prj_…", "period": "monthly", "capUsd": 200 }
 */
export const budgetOperations = {
  listBudgets: defineOperation({
    summary: 'List budgets with their spend in the current period.',
    input: PageInput.extend({ projectId: ProjectId.optional() }).strict(),
    output: pageOf(BudgetStatus),
    permission: 'budgets:ListBudgets',
    http: { method: 'GET', path: '/budgets' },
  }),
  getBudget: defineOperation({
    summary: 'Get one budget with its spend in the current period.',
    input: z.strictObject({ budgetId: BudgetId }),
    output: BudgetStatus,
    permission: 'budgets:GetBudget',
    http: { method: 'GET', path: '/budgets/:budgetId' },
  }),
  createBudget: defineOperation({
    summary: 'Cap spend on a token, project or AI provider for a period.',
    input: CreateBudgetInput,
    output: BudgetStatus,
    permission: 'budgets:CreateBudget',
    http: { method: 'POST', path: '/budgets', successStatus: 201 },
  }),
  updateBudget: defineOperation({
    summary: "Change a budget's name, period, time zone, cap or unpriced rule.",
    input: UpdateBudgetInput,
    output: BudgetStatus,
    permission: 'budgets:UpdateBudget',
    http: { method: 'PATCH', path: '/budgets/:budgetId' },
  }),
  deleteBudget: defineOperation({
    summary: 'Delete a budget; its scope is no longer capped by it.',
    input: z.strictObject({ budgetId: BudgetId }),
    output: Deleted,
    permission: 'budgets:DeleteBudget',
    http: { method: 'DELETE', path: '/budgets/:budgetId' },
  }),
  listTokenSpend: defineOperation({
    summary: "The spend of a project's capped tokens against their own caps.",
    input: z.strictObject({ projectId: ProjectId.optional() }),
    output: z.object({ items: z.array(TokenSpend) }),
    permission: 'tokens:ListTokens',
    http: { method: 'GET', path: '/token-spend' },
  }),
  getBudgetWebhook: defineOperation({
    summary: "Get where a project's budget alerts are posted (null when nowhere).",
    input: z.strictObject({ projectId: ProjectId }),
    output: z.object({ webhook: BudgetWebhook.nullable() }),
    permission: 'budgets:GetBudget',
    http: { method: 'GET', path: '/projects/:projectId/budget-webhook' },
  }),
  setBudgetWebhook: defineOperation({
    summary: "Post a project's budget alerts to a URL (Slack-compatible JSON), signed with a secret's value.",
    input: z.strictObject({
      projectId: ProjectId,
      url: z.url({ protocol: /^https?$/ }).max(2000),
      secretId: SecretId.nullable().default(null),
    }),
    output: BudgetWebhook,
    permission: 'budgets:UpdateBudget',
    http: { method: 'POST', path: '/projects/:projectId/budget-webhook' },
  }),
  deleteBudgetWebhook: defineOperation({
    summary: "Stop posting a project's budget alerts.",
    input: z.strictObject({ projectId: ProjectId }),
    output: z.object({ projectId: z.string(), deleted: z.literal(true) }),
    permission: 'budgets:UpdateBudget',
    http: { method: 'DELETE', path: '/projects/:projectId/budget-webhook' },
  }),
};
