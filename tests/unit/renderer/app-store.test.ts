import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/src/store/app-store';
import { usageQueryOf } from '../../../renderer/src/store/usage-slice';
import { createFakeApi, createMemoryStorage, now, otherProject, project } from './fake-api';
import { noTokenLimits } from '../../../shared/operations/tokens';

const status = {
  version: '1.0.0',
  mode: 'headless' as const,
  dataDir: '/data',
  agentEndpoint: 'http://127.0.0.1:9/v3',
  apiBaseUrl: 'http://127.0.0.1:9/api/v1',
  vault: { backend: 'file' as const, description: 'file (SWITCHBOARD_MASTER_KEY)', warning: 'file vault' },
  startedAt: now.toISOString(),
  proxy: { state: 'running' as const, requestsPerMinute: 0, inFlight: 0 },
  usageRecording: { pendingRows: 0, droppedRows: 0, quarantinedRows: 0 },
  priceTable: { asOf: '2025-11-25', source: 'test' },
  nearestBudget: null,
  upstreamHealth: { breakers: [], keys: [] },
};

describe('the app store', () => {
  it('persists only UI preferences, never runtime status or fetched data', async () => {
    const storage = createMemoryStorage();
    const { api } = createFakeApi({
      getSystemStatus: () => status,
      listProjects: () => ({ items: [project, otherProject], nextCursor: null }),
    });
    const store = createAppStore(api, { storage, now: () => now });
    await store.getState().loadStatus();
    await store.getState().loadProjects();
    store.getState().selectProject(otherProject.id);
    store.getState().setUsageGroupBy('pipeline');
    store.getState().setUsageRange({ preset: '7d' });

    const saved = JSON.parse(storage.values.get('switchboard-preferences')!) as { state: Record<string, unknown>; version: number };
    expect(saved.version).toBe(1);
    expect(saved.state).toEqual({
      currentProjectId: otherProject.id,
      usageRange: { preset: '7d', from: '', to: '' },
      usageGroupBy: 'pipeline',
      usageProvider: null,
    });

    // A new app picks the preferences up, but starts without status or data.
    const next = createAppStore(createFakeApi({}).api, { storage, now: () => now });
    expect(next.getState()).toMatchObject({
      currentProjectId: otherProject.id,
      usageGroupBy: 'pipeline',
      status: null,
      projects: { data: null },
    });
  });

  it('falls back to the default project when the remembered one is gone', async () => {
    const storage = createMemoryStorage();
    storage.setItem('switchboard-preferences', JSON.stringify({ state: { currentProjectId: 'prj_000000000000000deleted' }, version: 1 }));
    const { api } = createFakeApi({ listProjects: () => ({ items: [otherProject, project], nextCursor: null }) });
    const store = createAppStore(api, { storage });
    await store.getState().loadProjects();
    expect(store.getState().currentProjectId).toBe(project.id);
  });

  it('drops preferences of an unknown older version instead of guessing', () => {
    const storage = createMemoryStorage();
    storage.setItem('switchboard-preferences', JSON.stringify({ state: { usageGroupBy: 'colour' }, version: 0 }));
    const store = createAppStore(createFakeApi({}).api, { storage });
    expect(store.getState().usageGroupBy).toBe('model');
  });

  it('keeps the last data and shows the error when a reload fails, and ignores late answers', async () => {
    let answer: (value: { items: never[]; nextCursor: null }) => void = () => {};
    let calls = 0;
    const { api } = createFakeApi({
      listSecrets: () => {
        calls++;
        if (calls === 1) return { items: [], nextCursor: null };
        if (calls === 2) return new Promise((resolve) => (answer = resolve));
        throw new Error('vault locked');
      },
    });
    const store = createAppStore(api, { storage: createMemoryStorage() });
    await store.getState().loadSecrets();
    expect(store.getState().secrets).toEqual({ data: [], loading: false, error: null });

    const slow = store.getState().loadSecrets();
    await store.getState().loadSecrets();
    expect(store.getState().secrets).toEqual({ data: [], loading: false, error: 'vault locked' });
    answer({ items: [], nextCursor: null });
    await slow;
    expect(store.getState().secrets.error).toBe('vault locked');
  });

  it('stores a new key as a secret, then links it to the new provider in the current project', async () => {
    const secret = {
      id: 'sec_00000000000000000000key',
      projectId: project.id,
      name: 'Prod key',
      fingerprint: 'ab12',
      backend: 'keychain' as const,
      linkedProviderIds: [],
      createdAt: '',
      updatedAt: '',
      rotatedAt: null,
    };
    const { api, calls } = createFakeApi({
      createSecret: () => secret,
      createAiProvider: (input) => ({
        id: 'aip_0000000000000000000new',
        projectId: project.id,
        secretId: input.secretId ?? null,
        name: input.name,
        provider: input.provider,
        defaultModel: input.defaultModel,
        baseUrl: null,
        config: null,
        authMethod: 'byo',
        poolSecretIds: [],
        createdAt: '',
        updatedAt: '',
      }),
      listAiProviders: () => ({ items: [], nextCursor: null }),
      listSecrets: () => ({ items: [secret], nextCursor: null }),
    });
    const store = createAppStore(api, { storage: createMemoryStorage() });
    store.getState().selectProject(project.id);
    await store
      .getState()
      .createProvider(
        { name: 'Prod', provider: 'anthropic', defaultModel: 'claude-sonnet-4-5' },
        { name: 'Prod key', value: 'sk-ant-secret' },
      );
    expect(calls[0]).toEqual({ name: 'createSecret', input: { projectId: project.id, name: 'Prod key', value: 'sk-ant-secret' } });
    expect(calls[1]).toEqual({
      name: 'createAiProvider',
      input: { name: 'Prod', provider: 'anthropic', defaultModel: 'claude-sonnet-4-5', projectId: project.id, secretId: secret.id },
    });
  });

  it('keeps an issued token value in memory only until dismissed', async () => {
    const storage = createMemoryStorage();
    const token = {
      id: 'tok_000000000000000000000a',
      projectId: project.id,
      name: 'ci',
      kind: 'job' as const,
      prefix: 'sb_abc',
      permissions: [],
      allowedProviders: [],
      labels: {},
      limits: { ...noTokenLimits, requestsPerMinute: null, inputTokensPerMinute: null, spendCapUsd: null },
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: '',
      updatedAt: '',
    };
    const { api } = createFakeApi({
      createToken: () => ({ token, value: 'sb_abc_full_secret_value' }),
      listTokens: () => ({ items: [token], nextCursor: null }),
    });
    const store = createAppStore(api, { storage });
    await store.getState().issueToken({ name: 'ci', kind: 'job' });
    expect(store.getState().issuedToken?.value).toBe('sb_abc_full_secret_value');
    expect(storage.values.get('switchboard-preferences') ?? '').not.toContain('sb_abc_full_secret_value');
    store.getState().dismissIssuedToken();
    expect(store.getState().issuedToken).toBeNull();
  });

  it('scopes the usage view to the current project except when grouping by project', () => {
    const base = { usageRange: { preset: '7d' as const, from: '', to: '' }, usageProvider: 'anthropic', currentProjectId: project.id };
    expect(usageQueryOf({ ...base, usageGroupBy: 'model' }, now)).toEqual({
      from: '2026-03-09',
      to: '2026-03-15',
      groupBy: 'model',
      projectId: project.id,
      provider: 'anthropic',
    });
    expect(usageQueryOf({ ...base, usageGroupBy: 'project' }, now)).toEqual({
      from: '2026-03-09',
      to: '2026-03-15',
      groupBy: 'project',
      provider: 'anthropic',
    });
  });
});
