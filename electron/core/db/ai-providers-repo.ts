import type { AiProvider } from '../../../shared/operations';
import type { Page } from './pagination';

/** The AI provider records. Callers own transactions and audit; a taken name rejects with UniqueViolationError. */
export interface AiProvidersRepo {
  get(id: string): Promise<AiProvider | null>;
  /** A project's providers of one kind, oldest first. */
  listBySlug(projectId: string, slug: string): Promise<AiProvider[]>;
  idByName(projectId: string, name: string): Promise<string | null>;
  idsLinkedTo(secretId: string): Promise<string[]>;
  list(options: { projectId: string | null; provider: string | null; cursor?: string; limit: number }): Promise<Page<AiProvider>>;
  insert(provider: AiProvider): Promise<void>;
  /**
   * Writes the mutable fields; id, project, slug and creation time never change. With
   * `expectedUpdatedAt`, only over that stored version (one statement, so two gateways cannot both
   * win); false when nothing was written.
   */
  update(provider: AiProvider, expectedUpdatedAt?: string): Promise<boolean>;
  delete(id: string): Promise<void>;
  unlinkSecret(secretId: string, updatedAt: string): Promise<void>;
}
