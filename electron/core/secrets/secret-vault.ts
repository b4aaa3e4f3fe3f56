import { AppError } from '../../../shared/errors';
import type { VaultBackend } from '../../../shared/operations';

/**
 * Where secret values live. Only the main process (or headless core) holds one; every API above
 * it sees metadata only.
 */
export interface SecretVault {
  readonly backend: VaultBackend;
  /** Which backend, with where its key lives: `keychain`, `file (key file at …)`, `file (SWITCHBOARD_MASTER_KEY)`. */
  readonly description: string;
  /** Shown in the UI, API and logs when the vault is a weaker fallback; null for the OS keychain. */
  readonly warning: string | null;
  set(secretId: string, value: string): Promise<void>;
  get(secretId: string): Promise<string | null>;
  delete(secretId: string): Promise<void>;
}

/**
 * The vault cannot be used right now (locked keychain, missing master key): a 503 the client may
 * retry, so every adapter answers it like any other AppError.
 */
export class VaultUnavailableError extends AppError {
  constructor(message: string) {
    super('vault_unavailable', message, undefined, 30);
    this.name = 'VaultUnavailableError';
  }
}
