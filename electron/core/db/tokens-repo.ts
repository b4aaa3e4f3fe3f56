import type { Token } from '../../../shared/operations';
import type { Page } from './pagination';

/** A token's metadata together with its stored hash (the hash never leaves the core). */
export interface StoredToken {
  token: Token;
  hash: Buffer;
}

/** The tokens. Callers own transactions and audit. */
export interface TokensRepo {
  get(id: string): Promise<Token | null>;
  findByHash(hash: Buffer): Promise<StoredToken | null>;
  list(options: {
    projectId: string | null;
    kind: string | null;
    includeRevoked: boolean;
    cursor?: string;
    limit: number;
  }): Promise<Page<Token>>;
  insert(token: Token, hash: Buffer): Promise<void>;
  /**
   * Writes the mutable fields: name, labels, limits, expiry, revocation. With `expectedUpdatedAt`,
   * only over that stored version; false when nothing was written.
   */
  update(token: Token, expectedUpdatedAt?: string): Promise<boolean>;
  /**
   * Records last uses (token id → time) in one write of its own; never moves one backwards.
   * Starts at once when the store is idle, so a flush on shutdown lands before the store closes.
   */
  touch(lastUses: ReadonlyArray<readonly [id: string, at: string]>): Promise<void>;
}
