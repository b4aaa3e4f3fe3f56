import { z } from 'zod';
import { defineOperation } from './define';

/** How long raw usage rows (the request log) are kept unless an admin says otherwise. */
export const defaultRetentionDays = 90;

/**
 * How long raw usage rows are kept, and what the database holds now. Rollups (daily, hourly) are
 * kept for ever: charts and reports over old ranges stay whole after their rows are pruned.
 */
export const UsageRetention = z.object({
  /** Raw rows older than this many days are pruned, in small batches, off the hot path. */
  rawRowsDays: z.number().int(),
  /** The oldest raw row still kept; null when there is none. */
  oldestRawRowAt: z.string().nullable(),
  /** The database's size on disk in bytes (for a server database, as it reports it); null when unknown. */
  databaseBytes: z.number().int().nullable(),
  /** When this process last finished pruning, and how many rows it has pruned since it started. */
  lastPrunedAt: z.string().nullable(),
  prunedRows: z.number().int(),
});
export type UsageRetention = z.infer<typeof UsageRetention>;

export const retentionOperations = {
  getUsageRetention: defineOperation({
    summary: 'How long raw usage rows (the request log) are kept, the oldest one kept and the database size.',
    input: z.strictObject({}),
    output: UsageRetention,
    permission: 'usage:GetUsageRetention',
    http: { method: 'GET', path: '/usage/retention' },
  }),
  updateUsageRetention: defineOperation({
    summary: 'Set how many days raw usage rows are kept (1–3650; default 90). Rollups are kept for ever.',
    input: z.strictObject({ rawRowsDays: z.number().int().min(1).max(3650) }),
    output: UsageRetention,
    permission: 'usage:UpdateUsageRetention',
    http: { method: 'PATCH', path: '/usage/retention' },
  }),
};
