import { z } from 'zod';
import { Timestamp } from './common';

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
  latencyMs: z.number().int(),
  ttfbMs: z.number().int().nullable(),
  labels: z.record(z.string(), z.string()),
});
export type UsageRecord = z.infer<typeof UsageRecord>;
