/** What retention needs from the store: the oldest raw row, the database's size, and batched pruning. */
export interface UsageRetentionRepo {
  /** Deletes up to `limit` raw usage rows older than `before` (oldest first); resolves to how many it deleted. Rollups are untouched. */
  pruneBatch(before: string, limit: number): Promise<number>;
  oldestRawRowAt(): Promise<string | null>;
  databaseBytes(): Promise<number | null>;
}
