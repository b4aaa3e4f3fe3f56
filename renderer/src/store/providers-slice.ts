import type { AiProvider, OperationInput, ProviderTestResult } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { createLoader, errorMessage, idle, type Remote, type SliceCreator } from './slice';

export type ProviderTestState = { running: true } | { running: false; result: ProviderTestResult } | { running: false; error: string };

/** The current project's providers, and the last connection test of each (stored by the core). */
export interface ProvidersSlice {
  providers: Remote<AiProvider[]>;
  providerTests: Record<string, ProviderTestState>;
  loadProviders(): Promise<void>;
  /** With `newKey`, the key is stored as a new secret first and linked. */
  createProvider(input: OperationInput<'createAiProvider'>, newKey?: { name: string; value: string }): Promise<AiProvider>;
  updateProvider(input: OperationInput<'updateAiProvider'>, newKey?: { name: string; value: string }): Promise<AiProvider>;
  /** The stored version of one provider (after a 412: someone else changed it); the list follows. */
  reloadProvider(aiProviderId: string): Promise<AiProvider>;
  deleteProvider(aiProviderId: string): Promise<void>;
  testProvider(aiProviderId: string): Promise<void>;
}

export const createProvidersSlice =
  (api: ApiClient): SliceCreator<ProvidersSlice> =>
  (set, get) => {
    const load = createLoader(set, get);
    const projectId = () => get().currentProjectId ?? undefined;
    const storeKey = async (newKey?: { name: string; value: string }) =>
      newKey ? (await api.call('createSecret', { projectId: projectId(), name: newKey.name, value: newKey.value })).id : undefined;
    /** The last test of each provider as stored; a test running now is left as it is. */
    const loadStoredTests = async () => {
      const stored = await api.call('listAiProviderTests', { projectId: projectId() }).catch(() => ({ items: [] }));
      const tests = { ...get().providerTests };
      for (const { aiProviderId, result } of stored.items)
        if (!tests[aiProviderId]?.running) tests[aiProviderId] = { running: false, result };
      set({ providerTests: tests });
    };
    return {
      providers: idle(),
      providerTests: {},
      async loadProviders() {
        await Promise.all([
          load('providers', async () => (await api.call('listAiProviders', { projectId: projectId(), limit: 500 })).items),
          loadStoredTests(),
        ]);
      },
      async createProvider(input, newKey) {
        const secretId = await storeKey(newKey);
        const provider = await api.call('createAiProvider', { ...input, projectId: projectId(), ...(secretId ? { secretId } : {}) });
        await Promise.all([get().loadProviders(), get().loadSecrets()]);
        return provider;
      },
      async updateProvider(input, newKey) {
        const secretId = await storeKey(newKey);
        const provider = await api.call('updateAiProvider', { ...input, ...(secretId ? { secretId } : {}) });
        await Promise.all([get().loadProviders(), get().loadSecrets()]);
        return provider;
      },
      async reloadProvider(aiProviderId) {
        const provider = await api.call('getAiProvider', { aiProviderId });
        await get().loadProviders();
        return provider;
      },
      async deleteProvider(aiProviderId) {
        await api.call('deleteAiProvider', { aiProviderId });
        await Promise.all([get().loadProviders(), get().loadSecrets()]);
      },
      async testProvider(aiProviderId) {
        set({ providerTests: { ...get().providerTests, [aiProviderId]: { running: true } } });
        let state: ProviderTestState;
        try {
          state = { running: false, result: await api.call('testAiProvider', { aiProviderId }) };
        } catch (error) {
          state = { running: false, error: errorMessage(error) };
        }
        set({ providerTests: { ...get().providerTests, [aiProviderId]: state } });
      },
    };
  };
