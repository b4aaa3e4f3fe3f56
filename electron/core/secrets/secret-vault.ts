import type { VaultBackend } from '../../../shared/operations';

/**
 * Where secret values live. Only the main process (or headless core) holds one; every API above
 * it sees metadata only.
 */
export interface SecretVault {
  readonly backend: VaultBackend;
  /** Shown in the UI, API and logs when the vault is a weaker fallback; null for the OS keychain. */
  readonly warning: string | null;
  set(secretId: string, value: string): Promise<void>;
  get(secretId: string): Promise<string | null>;
  delete(secretId: string): Promise<void>;
}

/** The vault cannot be used right now (locked keychain, missing master key). Maps to 503. */
export class VaultUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultUnavailableError';
  }
}
