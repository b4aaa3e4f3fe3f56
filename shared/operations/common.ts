import { z } from 'zod';

/** ISO 8601 timestamp as stored and sent. */
export const Timestamp = z.string();

/** Cursor pagination for list operations. Query strings arrive as text, hence coerce. */
export const PageInput = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Pass as `cursor` to get the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  });
}

/** Query-string booleans: `?force=true`. */
export const QueryBoolean = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((value) => value === true || value === 'true' || value === '1');

/** A deletion's answer: what was removed. */
export const Deleted = z.object({ id: z.string(), deleted: z.literal(true) });

/**
 * Optimistic concurrency for updates: the `updatedAt` of the record as the caller last read it
 * (REST sends it as the `If-Match` header, the record's `ETag`). A write against any other version
 * is refused with 412 `precondition_failed` instead of silently overwriting someone else's change.
 * `*` matches any version. Absent: the update applies to whatever is stored.
 * @example { "aiProviderId": "aip_…", "name": "Claude", "ifMatch": "2026-11-30T07:30:00.000Z" }
 */
export const IfMatch = z.string().trim().min(1).max(100);
