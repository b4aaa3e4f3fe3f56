import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { SystemStatus } from '../../shared/operations';
import { adminSessionActor, type Actor } from '../../electron/core/operations/actor';
import { createOperationInvoker, type OperationHandlers } from '../../electron/core/operations/invoke-operation';

const status: SystemStatus = {
  version: '1.0.0',
  mode: 'headless',
  dataDir: '/data',
  agentEndpoint: 'http://127.0.0.1:1/v3',
  apiBaseUrl: 'http://127.0.0.1:1/api/v1',
  vault: { backend: 'memory', description: 'memory', warning: null },
  startedAt: '2026-01-01T00:00:00.000Z',
  proxy: { state: 'running', requestsPerMinute: 0, inFlight: 0 },
  usageRecording: { pendingRows: 0, droppedRows: 0, quarantinedRows: 0 },
  priceTable: { asOf: '2025-11-25', source: 'test' },
  nearestBudget: null,
  upstreamHealth: { breakers: [], keys: [] },
};

const tokenActor = (permissions: string[]): Actor => ({
  kind: 'token',
  id: 'tok_test',
  projectId: 'prj_test',
  permissions: new Set(permissions) as Actor extends { permissions: infer P } ? P : never,
});

describe('the operation invoker', () => {
  // Only the operation under test is called; the others are never reached.
  const invoke = createOperationInvoker({
    getSystemStatus: () => ({ ...status, leaked: 'sk-canary' }) as SystemStatus,
  } as Partial<OperationHandlers> as OperationHandlers);

  it('runs a handler for the administrator and keeps only fields the output schema names', async () => {
    const result = await invoke('getSystemStatus', {}, adminSessionActor);
    expect(result).toEqual(status);
    expect(JSON.stringify(result)).not.toContain('sk-canary');
  });

  it('refuses a token without the permission and names it', async () => {
    const error = await invoke('getSystemStatus', {}, tokenActor([])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'forbidden', status: 403, message: 'Missing permission system:GetSystemStatus' });
  });

  it('lets a token with the permission through', async () => {
    await expect(invoke('getSystemStatus', {}, tokenActor(['system:GetSystemStatus']))).resolves.toEqual(status);
  });

  it('rejects unknown operations and inherited names', async () => {
    await expect(invoke('dropEverything', {}, adminSessionActor)).rejects.toMatchObject({ code: 'not_found' });
    await expect(invoke('toString', {}, adminSessionActor)).rejects.toMatchObject({ code: 'not_found' });
  });
});
