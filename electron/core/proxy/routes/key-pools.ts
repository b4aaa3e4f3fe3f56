import type { AiProvider } from '../../../../shared/operations/ai-providers';
import type { KeyStatus } from '../../../../shared/operations/routes';

interface KeyRest {
  aiProviderId: string;
  secretId: string;
  until: number;
  status: number;
}

/** How long a key rests when the upstream gave no Retry-After: a throttle passes, a refused key needs an admin. */
const defaultRestMs = { throttled: 60_000, refused: 10 * 60_000 };

/**
 * Key pools: an AI provider's own secret and its pool's, used in turn. A key the upstream throttled
 * (429) or refused (401/403) rests for the Retry-After it was given (or a default) and the next
 * one is used; when every key rests, the one that comes back first is used anyway.
 */
export function createKeyPools() {
  const rests = new Map<string, KeyRest>();
  /** The next position in each provider's pool, so requests spread over its keys. */
  const turns = new Map<string, number>();
  /** Providers with a pool, as last seen: their keys are listed in the status. */
  const pooled = new Map<string, AiProvider>();

  return {
    /** The secret for the next call to `provider` (its own when it has no pool). */
    pick(provider: AiProvider, now: number): string | null {
      const pool = provider.poolSecretIds;
      if (pool.length === 0 || provider.secretId === null) return provider.secretId;
      pooled.set(provider.id, provider);
      const keys = [provider.secretId, ...pool];
      const turn = turns.get(provider.id) ?? 0;
      let soonest: string = keys[turn % keys.length]!;
      let soonestAt = Infinity;
      for (let i = 0; i < keys.length; i++) {
        const secretId = keys[(turn + i) % keys.length]!;
        const rest = rests.get(secretId);
        if (!rest || rest.until <= now) {
          turns.set(provider.id, (turn + i + 1) % keys.length);
          return secretId;
        }
        if (rest.until < soonestAt) [soonest, soonestAt] = [secretId, rest.until];
      }
      return soonest;
    },
    /** Whether some key of the provider's pool is not resting. */
    hasReady(provider: AiProvider, now: number): boolean {
      if (provider.secretId === null) return false;
      return [provider.secretId, ...provider.poolSecretIds].some((secretId) => (rests.get(secretId)?.until ?? 0) <= now);
    },
    /** The upstream throttled (429) or refused (401/403) this key. */
    rest(aiProviderId: string, secretId: string, status: number, waitMs: number | null, now: number): void {
      const fallback = status === 429 ? defaultRestMs.throttled : defaultRestMs.refused;
      rests.set(secretId, { aiProviderId, secretId, status, until: now + (waitMs ?? fallback) });
    },
    /** The key was rotated or an admin changed the provider: it gets another chance at once. */
    forget(secretId: string): void {
      rests.delete(secretId);
    },
    status(now: number): KeyStatus[] {
      const out: KeyStatus[] = [];
      for (const provider of pooled.values()) {
        if (provider.secretId === null || provider.poolSecretIds.length === 0) continue;
        for (const secretId of [provider.secretId, ...provider.poolSecretIds]) {
          const rest = rests.get(secretId);
          const cooling = rest !== undefined && rest.until > now;
          out.push({
            aiProviderId: provider.id,
            secretId,
            state: cooling ? 'cooling' : 'ready',
            lastStatus: rest?.status ?? null,
            coolingUntil: cooling ? new Date(rest.until).toISOString() : null,
          });
        }
      }
      return out;
    },
  };
}
export type KeyPools = ReturnType<typeof createKeyPools>;
