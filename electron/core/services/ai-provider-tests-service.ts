import type { AiProvider, AiProviderTest, ProviderTestResult } from '../../../shared/operations';
import type { Store } from '../db/store';
import type { Actor } from '../operations/actor';
import { listScope } from './actor-scope';
import type { AiProvidersService } from './ai-providers-service';

/** Live provider checks, each kept as the provider's last test so it survives reloads and restarts. */
export function createAiProviderTestsService(deps: {
  store: Store;
  aiProviders: AiProvidersService;
  /** The proxy's live check over its own path. */
  testProvider(aiProvider: AiProvider): Promise<ProviderTestResult>;
}) {
  const { store, aiProviders, testProvider } = deps;
  return {
    async run(actor: Actor, aiProviderId: string): Promise<ProviderTestResult> {
      const result = await testProvider(await aiProviders.get(actor, aiProviderId));
      await store.aiProviderTests.put(aiProviderId, result);
      return result;
    },
    async list(actor: Actor, input: { projectId?: string }): Promise<{ items: AiProviderTest[] }> {
      return { items: await store.aiProviderTests.list(listScope(actor, input.projectId)) };
    },
  };
}
export type AiProviderTestsService = ReturnType<typeof createAiProviderTestsService>;
