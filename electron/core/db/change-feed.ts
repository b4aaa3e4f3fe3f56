/**
 * How caches learn that stored records changed. Changes made through this process arrive as
 * events (token.changed, aiProvider.changed, secret.changed); this feed covers the rest: writes by
 * another process on the same store (the CLI beside a running gateway, another gateway on a team
 * database). SQLite implements it with `data_version`; a server database with LISTEN/NOTIFY.
 */
export interface ChangeFeed {
  /** `listener` runs when another process changed the store; it cannot say what, so drop every cached record. */
  onExternalChange(listener: () => void): () => void;
  /**
   * Looks for external changes (a cache calls it before trusting an entry). Cheap: a store may look
   * at most every ~100 ms, so an external change applies within that; stores that are told of
   * changes as they happen make this a no-op.
   */
  check(): void;
}
