import { VaultUnavailableError, type SecretVault } from '../../electron/core/secrets/secret-vault';

/** Wraps a real vault; `fail = true` makes every call fail as a locked keychain would. */
export function switchableVault(inner: SecretVault): SecretVault & { fail: boolean } {
  const guard = <A extends unknown[], R>(work: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (vault.fail) throw new VaultUnavailableError('OS keychain unavailable: the keyring is locked (test)');
      return work(...args);
    };
  const vault = {
    backend: inner.backend,
    warning: inner.warning,
    fail: false,
    set: guard((id: string, value: string) => inner.set(id, value)),
    get: guard((id: string) => inner.get(id)),
    delete: guard((id: string) => inner.delete(id)),
  };
  return vault;
}
