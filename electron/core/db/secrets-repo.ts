import type { Secret } from '../../../shared/operations';
import type { Page } from './pagination';

/** A secret as written: the linked providers are derived when it is read. */
export type SecretMetadata = Omit<Secret, 'linkedProviderIds'>;

/** Secret metadata only; values live in the vault. Callers own transactions and audit. */
export interface SecretsRepo {
  get(id: string): Promise<Secret | null>;
  idByName(projectId: string, name: string): Promise<string | null>;
  list(options: { projectId: string | null; cursor?: string; limit: number }): Promise<Page<Secret>>;
  /** A taken name rejects with UniqueViolationError. */
  insert(secret: SecretMetadata): Promise<void>;
  rotate(id: string, fingerprint: string, backend: Secret['backend'], at: string): Promise<void>;
  /** Every secret's value now lives in `backend` (after a vault move); values and fingerprints are unchanged. */
  moveBackend(backend: Secret['backend']): Promise<void>;
  delete(id: string): Promise<void>;
}
