import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenForm } from '../../../renderer/src/features/tokens/token-form';
import { presetPermissions } from '../../../renderer/src/features/tokens/permission-presets';
import type { Token } from '../../../shared/operations';
import { createFakeApi, project } from './fake-api';
import { descriptionOf, renderWithStore } from './render-app';
import { noTokenLimits } from '../../../shared/operations/tokens';

afterEach(cleanup);

const issued: Token = {
  id: 'tok_000000000000000000issued',
  projectId: project.id,
  name: 'nightly-ci',
  kind: 'api',
  prefix: 'sb_abc',
  permissions: [...presetPermissions['read-only']],
  allowedProviders: [],
  labels: { pipeline: 'nightly' },
  limits: { ...noTokenLimits, requestsPerMinute: null, inputTokensPerMinute: null, spendCapUsd: null },
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  createdAt: '',
  updatedAt: '',
};

describe('the token form', () => {
  it("issues an API token with a preset's permissions; the boxes appear only under Custom", async () => {
    const { api, calls } = createFakeApi({
      createToken: () => ({ token: issued, value: 'sb_value' }),
      listTokens: () => ({ items: [issued], nextCursor: null }),
    });
    const onClose = vi.fn();
    renderWithStore(<TokenForm editing={null} onClose={onClose} />, api);
    await userEvent.type(screen.getByLabelText('Name'), 'nightly-ci');
    await userEvent.click(screen.getByRole('radio', { name: /API token/ }));
    expect(screen.queryByRole('checkbox', { name: 'tokens:CreateToken' })).toBeNull();
    await userEvent.click(screen.getByRole('radio', { name: /Custom/ }));
    // Custom starts from the preset chosen before it.
    expect((screen.getByRole('checkbox', { name: 'aiProviders:ListAiProviders' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'tokens:CreateToken' }) as HTMLInputElement).checked).toBe(false);
    await userEvent.click(screen.getByRole('radio', { name: /Provider admin/ }));
    await userEvent.selectOptions(screen.getByLabelText('Expires in'), '15 minutes');
    await userEvent.click(screen.getByRole('button', { name: 'Issue token' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const sent = calls.find((c) => c.name === 'createToken')!.input as { permissions: string[]; expiresAt: string };
    expect(sent.permissions).toEqual([...presetPermissions['provider-admin']]);
    expect(Date.parse(sent.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
  });

  it('names the field of each error once, and a free-form label is added and checked', async () => {
    const { api } = createFakeApi({});
    renderWithStore(<TokenForm editing={null} onClose={() => {}} />, api);
    await userEvent.click(screen.getByRole('button', { name: 'Add a label' }));
    await userEvent.type(screen.getByLabelText('Label 1 name'), 'Team');
    await userEvent.type(screen.getByLabelText('Label 1 value'), 'web');
    await userEvent.click(screen.getByRole('button', { name: 'Issue token' }));
    expect(descriptionOf(screen.getByLabelText('Name'))).toContain('must not be empty');
    expect(descriptionOf(screen.getByLabelText('Label 1 name'))).toContain('must be a lower-case word');
    expect(screen.getAllByText('Name: must not be empty')).toHaveLength(1);
  });

  it("edits an issued token's labels and limits; its kind and permissions stay as issued", async () => {
    const { api, calls } = createFakeApi({
      updateToken: () => issued,
      listTokens: () => ({ items: [issued], nextCursor: null }),
    });
    const onClose = vi.fn();
    renderWithStore(<TokenForm editing={issued} onClose={onClose} />, api);
    expect(screen.getByRole('radio', { name: /API token/ }).matches(':disabled')).toBe(true);
    expect((screen.getByRole('radio', { name: /^Read-only/ }) as HTMLInputElement).checked).toBe(true);
    await userEvent.clear(screen.getByLabelText('Pipeline'));
    await userEvent.type(screen.getByLabelText('Pipeline'), 'release');
    await userEvent.type(screen.getByLabelText('Requests per minute'), '30');
    await userEvent.click(screen.getByRole('button', { name: 'Save token' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls.find((c) => c.name === 'updateToken')!.input).toEqual({
      tokenId: issued.id,
      name: 'nightly-ci',
      labels: { pipeline: 'release' },
      limits: { ...noTokenLimits, requestsPerMinute: 30, inputTokensPerMinute: null, spendCapUsd: null },
    });
  });
});
