import type { Token } from '../../../shared/operations/tokens';
import type { UsageReportsRepo } from '../db/usage-repo';

/**
 * What capped tokens have spent so far, read from the store before the proxy's limits need it.
 * The limits check each request synchronously and keep their own tally after one read per token;
 * that read is a store query, so it happens here, as a token is authenticated. A token already
 * read (or without a spend cap) passes straight through: no promise on the hot path.
 */
export function createSpendPreload(reports: Pick<UsageReportsRepo, 'spentMicroUsd'>) {
  const spent = new Map<string, number>();

  function afterRead(token: Token): Token | Promise<Token> {
    if (token.limits.spendCapUsd === null || spent.has(token.id)) return token;
    return reports.spentMicroUsd(token.id).then((micro) => {
      spent.set(token.id, micro);
      return token;
    });
  }

  return {
    /** The token once its spend has been read: at once when it already was, else when the store answers. */
    ready(token: Token | Promise<Token>): Token | Promise<Token> {
      return token instanceof Promise ? token.then(afterRead) : afterRead(token);
    },
    /** The spend read for a token that went through `ready` (the limits read only capped tokens). */
    spentMicroUsd(tokenId: string): number {
      return spent.get(tokenId) ?? 0;
    },
  };
}
