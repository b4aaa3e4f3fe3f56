import { z } from 'zod';

/**
 * Settings → Team database (desktop only): the renderer asks the main process, which keeps the
 * URL without its password in the data directory and the password in the OS keychain.
 */
export const TeamDatabaseRequest = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('status') }),
  z.strictObject({ action: z.literal('test'), url: z.string().max(2048) }),
  z.strictObject({ action: z.literal('connect'), url: z.string().max(2048) }),
  z.strictObject({ action: z.literal('disconnect') }),
]);
export type TeamDatabaseRequest = z.infer<typeof TeamDatabaseRequest>;

export const TeamDatabaseStatus = z.object({
  /** The saved team database, without its password (`postgres://user:***@host:5432/db`); null: solo (SQLite). */
  savedUrl: z.string().nullable(),
  /** The store this running Switchboard uses; a saved change applies at the next start. */
  inUse: z.enum(['sqlite', 'postgres']),
  restartNeeded: z.boolean(),
});
export type TeamDatabaseStatus = z.infer<typeof TeamDatabaseStatus>;

/** What a test found: a server that answers and a schema this Switchboard can use, or the cause it cannot. */
export const TeamDatabaseTest = z.object({ ok: z.boolean(), message: z.string() });
export type TeamDatabaseTest = z.infer<typeof TeamDatabaseTest>;
