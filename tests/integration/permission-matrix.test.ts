import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, type OperationName } from '../../shared/operations';
import { permissions as allPermissions } from '../../shared/permissions';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { apiClient, type ApiClient } from '../support/api-client';
import { storeFixtures, uniqueName, type StoreFixtures } from '../support/store-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

interface MatrixCase {
  /** Builds the request, making fresh records when the call consumes one. */
  request(f: StoreFixtures): Promise<{ path: string; body?: unknown }>;
  /** What a token holding the permission gets (2xx unless the rules refuse it for another reason). */
  allowed: number;
}

describe('the permission matrix: every operation × a token with and without its permission', () => {
  let t: TestServer;
  let api: ApiClient;
  let fixtures: StoreFixtures;
  let defaultProjectId: string;
  beforeAll(async () => {
    t = await startTestServer();
    api = apiClient(t.server);
    fixtures = storeFixtures(t.core);
    defaultProjectId = await t.core.projects.defaultProjectId();
  });
  afterAll(() => t.stop());

  const cases: Record<string, MatrixCase> = {
    getSystemStatus: { request: async () => ({ path: '/system/status' }), allowed: 200 },
    listProjects: { request: async () => ({ path: '/projects' }), allowed: 200 },
    getProject: { request: async () => ({ path: `/projects/${defaultProjectId}` }), allowed: 200 },
    // A token is pinned to one project, so even with the permission it cannot create another.
    createProject: { request: async () => ({ path: '/projects', body: { name: uniqueName('project') } }), allowed: 403 },
    updateProject: { request: async () => ({ path: `/projects/${defaultProjectId}`, body: { name: 'Default' } }), allowed: 200 },
    // The default project is never deleted: past the permission check, the rule answers 409.
    deleteProject: { request: async () => ({ path: `/projects/${defaultProjectId}` }), allowed: 409 },
    listAiProviders: { request: async () => ({ path: '/ai-providers' }), allowed: 200 },
    getAiProvider: { request: async (f) => ({ path: `/ai-providers/${(await f.provider()).id}` }), allowed: 200 },
    createAiProvider: {
      request: async () => ({ path: '/ai-providers', body: { name: uniqueName('p'), provider: 'anthropic', defaultModel: 'claude' } }),
      allowed: 201,
    },
    updateAiProvider: {
      request: async (f) => ({ path: `/ai-providers/${(await f.provider()).id}`, body: { defaultModel: 'gpt-4.1' } }),
      allowed: 200,
    },
    deleteAiProvider: { request: async (f) => ({ path: `/ai-providers/${(await f.provider()).id}` }), allowed: 200 },
    // A live check answers 200 with its findings even when the provider is unreachable (no network here).
    getGatewaySettings: { request: async () => ({ path: '/system/settings' }), allowed: 200 },
    updateGatewaySettings: { request: async () => ({ path: '/system/settings', body: { logLevel: 'info' } }), allowed: 200 },
    getVault: { request: async () => ({ path: '/system/vault' }), allowed: 200 },
    // The test server's vault is given by its host, so past the permission check the move is refused.
    moveVault: { request: async () => ({ path: '/system/vault/move', body: { to: 'keychain' } }), allowed: 409 },
    listAiProviderTests: { request: async () => ({ path: '/ai-provider-tests' }), allowed: 200 },
    testAiProvider: { request: async (f) => ({ path: `/ai-providers/${(await f.provider()).id}/test`, body: {} }), allowed: 200 },
    listSecrets: { request: async () => ({ path: '/secrets' }), allowed: 200 },
    getSecret: { request: async (f) => ({ path: `/secrets/${(await f.secret()).id}` }), allowed: 200 },
    createSecret: { request: async () => ({ path: '/secrets', body: { name: uniqueName('s'), value: 'matrix-value' } }), allowed: 201 },
    rotateSecret: {
      request: async (f) => ({ path: `/secrets/${(await f.secret()).id}/rotate`, body: { value: 'matrix-rotated' } }),
      allowed: 200,
    },
    deleteSecret: { request: async (f) => ({ path: `/secrets/${(await f.secret()).id}` }), allowed: 200 },
    listTokens: { request: async () => ({ path: '/tokens' }), allowed: 200 },
    getToken: { request: async (f) => ({ path: `/tokens/${(await f.token([])).token.id}` }), allowed: 200 },
    createToken: { request: async () => ({ path: '/tokens', body: { name: uniqueName('t'), kind: 'job' } }), allowed: 201 },
    updateToken: {
      request: async (f) => ({ path: `/tokens/${(await f.token([])).token.id}`, body: { labels: { pipeline: 'web' } } }),
      allowed: 200,
    },
    revokeToken: { request: async (f) => ({ path: `/tokens/${(await f.token([])).token.id}` }), allowed: 200 },
    listAuditEvents: { request: async () => ({ path: '/audit-events' }), allowed: 200 },
    getAuditEvent: {
      request: async (f) => {
        const provider = await f.provider();
        const event = (await t.core.audit.list({ kind: 'admin', id: 'cli' }, { limit: 1, targetId: provider.id })).items[0]!;
        return { path: `/audit-events/${event.id}` };
      },
      allowed: 200,
    },
    getUsageSummary: { request: async () => ({ path: '/usage/summary?groupBy=pipeline' }), allowed: 200 },
    getUsageTimeSeries: { request: async () => ({ path: '/usage/time-series?limit=3' }), allowed: 200 },
    exportUsage: { request: async () => ({ path: '/usage/export?format=json' }), allowed: 200 },
    listBudgets: { request: async () => ({ path: '/budgets' }), allowed: 200 },
    getBudget: { request: async () => ({ path: `/budgets/${await budgetId()}` }), allowed: 200 },
    createBudget: {
      request: async () => ({
        path: '/budgets',
        body: { name: uniqueName('b'), scope: 'project', scopeId: defaultProjectId, period: 'monthly', capUsd: 10 },
      }),
      allowed: 201,
    },
    updateBudget: { request: async () => ({ path: `/budgets/${await budgetId()}`, body: { capUsd: 20 } }), allowed: 200 },
    deleteBudget: { request: async () => ({ path: `/budgets/${await budgetId()}` }), allowed: 200 },
    listTokenSpend: { request: async () => ({ path: '/token-spend' }), allowed: 200 },
    getBudgetWebhook: { request: async () => ({ path: `/projects/${defaultProjectId}/budget-webhook` }), allowed: 200 },
    setBudgetWebhook: {
      request: async () => ({ path: `/projects/${defaultProjectId}/budget-webhook`, body: { url: 'https://hooks.example.com/budget' } }),
      allowed: 200,
    },
    deleteBudgetWebhook: {
      request: async () => {
        const input = { projectId: defaultProjectId, url: 'https://hooks.example.com/budget' };
        await t.core.invoke('setBudgetWebhook', input, adminSessionActor);
        return { path: `/projects/${defaultProjectId}/budget-webhook` };
      },
      allowed: 200,
    },
    listCustomPrices: { request: async (f) => ({ path: `/ai-providers/${(await f.provider()).id}/prices` }), allowed: 200 },
    setCustomPrice: {
      request: async (f) => ({
        path: `/ai-providers/${(await f.provider()).id}/prices`,
        body: { model: 'matrix-model', input: 1, output: 2, cacheRead: 0, cacheWrite: 0 },
      }),
      allowed: 200,
    },
    deleteCustomPrice: {
      request: async (f) => {
        const aiProviderId = (await f.provider()).id;
        const price = { aiProviderId, model: 'matrix/model:1', input: 1, output: 2, cacheRead: 0, cacheWrite: 0 };
        await t.core.invoke('setCustomPrice', price, adminSessionActor);
        return { path: `/ai-providers/${aiProviderId}/prices/${encodeURIComponent('matrix/model:1')}` };
      },
      allowed: 200,
    },
    // The price table is shared by every project: even with the permission, a token is refused.
    importPriceTable: { request: async () => ({ path: '/prices/import', body: { table: {}, dryRun: true } }), allowed: 403 },
    listGateways: { request: async () => ({ path: '/gateways' }), allowed: 200 },
    listRoutes: { request: async () => ({ path: '/routes' }), allowed: 200 },
    getRoute: { request: async (f) => ({ path: `/routes/${await route(f)}` }), allowed: 200 },
    createRoute: {
      request: async (f) => ({
        path: '/routes',
        body: { name: routeName(), family: 'openai', targets: [{ aiProviderId: (await f.provider()).id }] },
      }),
      allowed: 201,
    },
    updateRoute: { request: async (f) => ({ path: `/routes/${await route(f)}`, body: { strategy: 'weighted' } }), allowed: 200 },
    deleteRoute: { request: async (f) => ({ path: `/routes/${await route(f)}` }), allowed: 200 },
    listRequests: { request: async () => ({ path: '/requests?status=error' }), allowed: 200 },
    getUsageRetention: { request: async () => ({ path: '/usage/retention' }), allowed: 200 },
    getTelemetrySettings: { request: async () => ({ path: '/system/telemetry' }), allowed: 200 },
    updateTelemetrySettings: { request: async () => ({ path: '/system/telemetry', body: { serviceName: 'switchboard' } }), allowed: 200 },
    getBodyCapture: { request: async () => ({ path: `/projects/${defaultProjectId}/body-capture` }), allowed: 200 },
    updateBodyCapture: {
      request: async () => ({ path: `/projects/${defaultProjectId}/body-capture`, body: { enabled: false } }),
      allowed: 200,
    },
    // Past the permission check, a request nobody captured is not found.
    getRequestBodies: { request: async () => ({ path: '/requests/0192f1e4-0000-7000-8000-000000000000/bodies' }), allowed: 404 },
    updateUsageRetention: { request: async () => ({ path: '/usage/retention', body: { rawRowsDays: 90 } }), allowed: 200 },
  };

  /** A fresh budget on the default project, made by the desktop admin. */
  async function budgetId(): Promise<string> {
    const input = { name: uniqueName('b'), scope: 'project', scopeId: defaultProjectId, period: 'daily', capUsd: 5 };
    return ((await t.core.invoke('createBudget', input, adminSessionActor)) as { id: string }).id;
  }

  const routeName = () => `route-${Math.random().toString(36).slice(2, 10)}`;
  /** A route over a fresh provider, through the admin path. */
  async function route(f: StoreFixtures): Promise<string> {
    const input = { name: routeName(), family: 'openai' as const, targets: [{ aiProviderId: (await f.provider()).id }] };
    return ((await t.core.invoke('createRoute', input, adminSessionActor)) as { id: string }).id;
  }

  it('covers exactly the operations of the contract', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(operations).sort());
  });

  for (const [name, matrixCase] of Object.entries(cases)) {
    const spec = operations[name as OperationName];
    it(`${name}: 403 naming ${spec.permission} without it, ${matrixCase.allowed} with it`, async () => {
      const without = (await fixtures.token(allPermissions.filter((p) => p !== spec.permission))).value;
      const attempt = await matrixCase.request(fixtures);
      const denied = await api.call(spec.http.method, attempt.path, attempt.body, { token: without });
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject({
        code: 'forbidden',
        message: `Missing permission ${spec.permission}`,
        details: { permission: spec.permission },
      });

      const holder = (await fixtures.token([spec.permission])).value;
      const request = await matrixCase.request(fixtures);
      const allowed = await api.call(spec.http.method, request.path, request.body, { token: holder });
      expect(allowed.status, allowed.text).toBe(matrixCase.allowed);
      if (allowed.status === 403) expect(allowed.body.error.message).not.toContain('Missing permission');
    });
  }
});
