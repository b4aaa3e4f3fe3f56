import type { AiProvider, Token } from '../../../../shared/operations';

/**
 * The live tokens that could call no provider at all once `deleted` is gone: every provider they
 * may call (by id or by slug, or all when none is named) is this one. A token that still reaches
 * another provider keeps working and is not named.
 */
export function tokensStoppedBy(
  deleted: AiProvider,
  providers: readonly AiProvider[],
  tokens: readonly Token[],
  now = Date.now(),
): Token[] {
  const others = providers.filter((p) => p.id !== deleted.id);
  const reaches = (token: Token, provider: AiProvider) =>
    token.allowedProviders.length === 0 ||
    token.allowedProviders.includes(provider.id) ||
    token.allowedProviders.includes(provider.provider);
  return tokens.filter(
    (t) =>
      t.kind === 'job' &&
      !t.revokedAt &&
      !(t.expiresAt && Date.parse(t.expiresAt) <= now) &&
      reaches(t, deleted) &&
      !others.some((p) => reaches(t, p)),
  );
}
