import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenForm } from '../../../renderer/src/features/tokens/token-form';
import { TokensScreen } from '../../../renderer/src/features/tokens/tokens-screen';
import type { AiProvider, Route, Token } from '../../../shared/operations';
import { createFakeApi, project } from './fake-api';
import { renderWithStore } from './render-app';

afterEach(cleanup);

const claude: AiProvider = {
  id: 'aip_00000000000000000claude',
  projectId: project.id,
  secretId: null,
  name: 'Claude direct',
  provider: 'anthropic',
  defaultModel: 'claude-sonnet-4-5',
  baseUrl: null,
  config: null,
  authMethod: 'byo',
  poolSecretIds: [],
  createdAt: '',
  updatedAt: '',
};
const route: Route = {
  id: 'rte_00000000000000000route',
  projectId: project.id,
  name: 'claude-fallback',
  family: 'anthropic',
  strategy: 'fallback',
  targets: [
    { aiProviderId: claude.id, model: null, weight: 1, pinFollowUps: false },
    { aiProviderId: claude.id, model: 'claude-haiku-4-5', weight: 1, pinFollowUps: false },
  ],
  retry: { maxAttempts: 2, attemptsPerTarget: 1, backoffMs: 250, maxWaitMs: 5000, retryOn: ['529'] },
  breaker: { failureThreshold: 5, windowMs: 60000, openMs: 30000 },
  createdAt: '',
  updatedAt: '',
};
const jobToken: Token = {
  id: 'tok_00000000000000000000job',
  projectId: project.id,
  name: 'nightly-ci',
  kind: 'job',
  prefix: 'sb_job',
  permissions: [],
  allowedProviders: [claude.id, route.name],
  labels: {},
  limits: {
    requestsPerMinute: null,
    inputTokensPerMinute: null,
    spendCapUsd: null,
    maxConcurrent: null,
    queueWaitSeconds: 0,
    maxQueued: 100,
  },
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  createdAt: '',
  updatedAt: '',
};

const lists = {
  listAiProviders: () => ({ items: [claude], nextCursor: null }),
  listRoutes: () => ({ items: [route], nextCursor: null }),
  listTokens: () => ({ items: [jobToken], nextCursor: null }),
  listTokenSpend: () => ({ items: [] }),
};

describe("a job token's routes", () => {
  it('offers the project routes beside its providers, marked as routes, and sends a ticked route by name', async () => {
    const { api, calls } = createFakeApi({ ...lists, createToken: () => ({ token: jobToken, value: 'sb_value' }) });
    const onClose = vi.fn();
    renderWithStore(<TokenForm editing={null} onClose={onClose} />, api, (store) => void store.getState().loadProviders());
    const routes = await screen.findByRole('group', { name: /Routes/ });
    const routeBox = within(routes).getByRole('checkbox', { name: /claude-fallback \(route, 2 targets\)/ });
    expect(within(routes).queryByRole('checkbox', { name: /Claude direct/ })).toBeNull();
    await userEvent.type(screen.getByLabelText('Name'), 'nightly-ci');
    await userEvent.click(routeBox);
    await userEvent.click(screen.getByRole('button', { name: 'Issue token' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect((calls.find((c) => c.name === 'createToken')!.input as { allowedProviders: string[] }).allowedProviders).toEqual([
      'claude-fallback',
    ]);
  });

  it('names the routes a token may use in the Tokens list, marked as routes', async () => {
    const { api } = createFakeApi(lists);
    renderWithStore(<TokensScreen />, api);
    const table = await screen.findByRole('table', { name: 'Tokens' });
    await waitFor(() => expect(within(table).getByText('Claude direct, claude-fallback (route)')).toBeTruthy());
  });
});
