import type { Secret } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { createLoader, idle, type Remote, type SliceCreator } from './slice';

/** Secret metadata of the current project. Values go in and never come back. */
export interface SecretsSlice {
  secrets: Remote<Secret[]>;
  loadSecrets(): Promise<void>;
  createSecret(name: string, value: string): Promise<Secret>;
  rotateSecret(secretId: string, value: string): Promise<void>;
  /** `force` unlinks the providers that use it. */
  deleteSecret(secretId: string, force?: boolean): Promise<void>;
}

export const createSecretsSlice =
  (api: ApiClient): SliceCreator<SecretsSlice> =>
  (set, get) => {
    const load = createLoader(set, get);
    const projectId = () => get().currentProjectId ?? undefined;
    return {
      secrets: idle(),
      loadSecrets: () => load('secrets', async () => (await api.call('listSecrets', { projectId: projectId(), limit: 500 })).items),
      async createSecret(name, value) {
        const secret = await api.call('createSecret', { projectId: projectId(), name, value });
        await get().loadSecrets();
        return secret;
      },
      async rotateSecret(secretId, value) {
        await api.call('rotateSecret', { secretId, value });
        await get().loadSecrets();
      },
      async deleteSecret(secretId, force) {
        await api.call('deleteSecret', { secretId, ...(force ? { force } : {}) });
        await Promise.all([get().loadSecrets(), get().loadProviders()]);
      },
    };
  };
