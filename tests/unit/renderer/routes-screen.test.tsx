import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AiProvider, Route, SystemStatus } from '../../../shared/operations';
import { RoutesScreen } from '../../../renderer/src/features/routes/routes-screen';
import { createFakeApi, project } from './fake-api';
import { renderWithStore } from './render-app';

afterEach(cleanup);

const provider = (id: string, name: string, pool: string[] = []): AiProvider => ({
  id,
  projectId: project.id,
  secretId: pool.length > 0 ? 'sec_0000000000000000000own' : null,
  name,
  provider: 'anthropic',
  defaultModel: 'claude-sonnet-4-5',
  baseUrl: null,
  config: null,
  authMethod: 'byo',
  poolSecretIds: pool,
  createdAt: '',
  updatedAt: '',
});
const primary = provider('aip_000000000000000primary', 'Primary', ['sec_000000000000000000pool']);
const backup = provider('aip_0000000000000000backup', 'Backup');
const route: Route = {
  id: 'rte_00000000000000000route',
  projectId: project.id,
  name: 'claude',
  family: 'anthropic',
  strategy: 'fallback',
  targets: [
    { aiProviderId: primary.id, model: null, weight: 1, pinFollowUps: false },
    { aiProviderId: backup.id, model: 'claude-haiku-4-5', weight: 1, pinFollowUps: false },
  ],
  retry: { maxAttempts: 2, attemptsPerTarget: 1, backoffMs: 250, maxWaitMs: 5000, retryOn: ['529'] },
  breaker: { failureThreshold: 5, windowMs: 60000, openMs: 30000 },
  createdAt: '',
  updatedAt: '',
};
const status = {
  upstreamHealth: {
    breakers: [{ routeId: route.id, aiProviderId: primary.id, state: 'open', recentFailures: 5, openUntil: '2026-03-15T12:00:30Z' }],
    keys: [
      {
        aiProviderId: primary.id,
        secretId: 'sec_000000000000000000pool',
        state: 'cooling',
        lastStatus: 429,
        coolingUntil: '2026-03-15T12:01:00Z',
      },
    ],
  },
} as SystemStatus;

function fakeApi() {
  return createFakeApi({
    listRoutes: () => ({ items: [route], nextCursor: null }),
    listAiProviders: () => ({ items: [primary, backup], nextCursor: null }),
    listSecrets: () => ({ items: [], nextCursor: null }),
    getSystemStatus: () => status,
    createRoute: (input) => ({ ...route, id: 'rte_0000000000000000second', name: input.name }),
  });
}

describe('the Routes screen', () => {
  it('lists each route with its targets, their breaker states and the key pools’ keys', async () => {
    const { store } = renderWithStore(<RoutesScreen />, fakeApi().api);
    await store.getState().loadStatus();
    const table = await screen.findByRole('table', { name: 'Routes' });
    const row = within(table).getByRole('row', { name: /claude/ });
    expect(row.textContent).toContain('Primary');
    expect(row.textContent).toContain('Backup → claude-haiku-4-5');
    expect(within(row).getByText('Open')).toBeTruthy();
    expect(within(row).getByText('Healthy')).toBeTruthy();
    const keys = await screen.findByRole('table', { name: 'Key pools' });
    expect(within(keys).getByText(/Resting \(HTTP 429\)/)).toBeTruthy();
    expect(within(keys).getByText('Ready')).toBeTruthy();
  });

  it('creates a route from the form, with targets of its family only', async () => {
    const { api, calls } = fakeApi();
    renderWithStore(<RoutesScreen />, api);
    await userEvent.click(await screen.findByRole('button', { name: 'New route' }));
    await userEvent.type(screen.getByLabelText('Name'), 'claude-2');
    await userEvent.selectOptions(screen.getByLabelText('Target 1 provider'), primary.id);
    await userEvent.click(screen.getByRole('button', { name: 'Add target' }));
    await userEvent.selectOptions(screen.getByLabelText('Target 2 provider'), backup.id);
    await userEvent.click(screen.getByRole('button', { name: 'Create route' }));
    await waitFor(() => expect(calls.some((c) => c.name === 'createRoute')).toBe(true));
    expect(calls.find((c) => c.name === 'createRoute')!.input).toMatchObject({
      name: 'claude-2',
      family: 'anthropic',
      targets: [{ aiProviderId: primary.id }, { aiProviderId: backup.id }],
      retry: { maxAttempts: 2 },
    });
  });

  it('links further secrets to a provider as its key pool', async () => {
    const { api, calls } = createFakeApi({
      listRoutes: () => ({ items: [], nextCursor: null }),
      listAiProviders: () => ({ items: [{ ...backup, secretId: 'sec_0000000000000000000own' }], nextCursor: null }),
      listSecrets: () => ({
        items: ['own', 'two'].map((n) => ({
          id: `sec_00000000000000000000${n}`.slice(0, 28),
          projectId: project.id,
          name: `key ${n}`,
          fingerprint: 'ab12',
          backend: 'keychain' as const,
          linkedProviderIds: [],
          createdAt: '',
          updatedAt: '',
          rotatedAt: null,
        })),
        nextCursor: null,
      }),
      updateAiProvider: (input) => ({ ...backup, poolSecretIds: input.poolSecretIds ?? [] }),
    });
    renderWithStore(<RoutesScreen />, api);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit a key pool' }));
    await userEvent.click(await screen.findByRole('checkbox', { name: 'key two' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save key pool' }));
    await waitFor(() =>
      expect(calls.find((c) => c.name === 'updateAiProvider')?.input).toEqual({
        aiProviderId: backup.id,
        poolSecretIds: ['sec_00000000000000000000two'],
      }),
    );
  });

  it('shows what is wrong next to the field and sends nothing', async () => {
    const { api, calls } = fakeApi();
    renderWithStore(<RoutesScreen />, api);
    await userEvent.click(await screen.findByRole('button', { name: 'New route' }));
    await userEvent.type(screen.getByLabelText('Name'), 'Not A Name');
    await userEvent.click(screen.getByRole('button', { name: 'Create route' }));
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.name === 'createRoute')).toBe(false);
  });
});
