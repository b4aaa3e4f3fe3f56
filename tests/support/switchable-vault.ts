import { VaultUnavailableError, type SecretVault } from '../../electron/core/secrets/secret-vault';

/**
 * Wraps a real vault; `fail = true` makes every call fail as a locked keychain would, and
 * `afterSet` runs between a successful vault write and the database write that follows it.
 */
export function switchableVault(
  inner: SecretVault,
): SecretVault & { fail: boolean; afterSet: ((id: string) => void | Promise<void>) | null } {
  const guard =
    <A extends unknown[], R>(work: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (vault.fail) throw new VaultUnavailableError('OS keychain unavailable: the keyring is locked (test)');
      return work(...args);
    };
  const vault = {
    backend: inner.backend,
    description: inner.description,
    warning: inner.warning,
    fail: false,
    afterSet: null as ((id: string) => void | Promise<void>) | null,
    set: guard(async (id: string, value: string) => {
      await inner.set(id, value);
      await vault.afterSet?.(id);
    }),
    get: guard((id: string) => inner.get(id)),
    delete: guard((id: string) => inner.delete(id)),
  };
  return vault;
}
