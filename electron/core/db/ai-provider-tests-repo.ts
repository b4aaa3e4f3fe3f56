import type { AiProviderTest, ProviderTestResult } from '../../../shared/operations';

/** Each AI provider's last connection test; a provider's row goes when the provider does. */
export interface AiProviderTestsRepo {
  /** Keeps `result` as the provider's last test; nothing when the provider was deleted meanwhile. */
  put(aiProviderId: string, result: ProviderTestResult): Promise<void>;
  /** The stored tests of one project's providers, or of every project for null. */
  list(projectId: string | null): Promise<AiProviderTest[]>;
}
