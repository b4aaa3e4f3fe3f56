import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../renderer/src/api/api-error';
import { ProviderForm } from '../../../renderer/src/features/providers/provider-form';
import { createFakeApi, project } from './fake-api';
import { renderWithStore } from './render-app';

afterEach(cleanup);

const opened = {
  id: 'aip_0000000000000000000new',
  projectId: project.id,
  secretId: null,
  name: 'Claude',
  provider: 'ollama' as const,
  defaultModel: 'claude-sonnet-4-5',
  baseUrl: 'http://127.0.0.1:11434',
  config: null,
  authMethod: 'byo' as const,
  poolSecretIds: [],
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
};
/** The same provider after another admin changed it. */
const theirs = { ...opened, defaultModel: 'claude-opus-4-1', updatedAt: '2026-11-30T08:05:00.000Z' };

describe('editing a provider someone else changed meanwhile', () => {
  it('sends the version it opened as ifMatch, says so on a 412 and reloads their version on request', async () => {
    let stored = theirs;
    const { api, calls } = createFakeApi({
      updateAiProvider: (input) => {
        if (input.ifMatch !== stored.updatedAt) throw new ApiError('precondition_failed', 'AI provider was changed by someone else');
        stored = { ...stored, name: input.name ?? stored.name, updatedAt: '2026-11-30T08:06:00.000Z' };
        return stored;
      },
      getAiProvider: () => stored,
      listAiProviders: () => ({ items: [stored], nextCursor: null }),
      listSecrets: () => ({ items: [], nextCursor: null }),
    });
    const onClose = vi.fn();
    renderWithStore(<ProviderForm editing={opened} onClose={onClose} />, api);
    await userEvent.clear(screen.getByLabelText('Name'));
    await userEvent.type(screen.getByLabelText('Name'), 'Claude prod');
    await userEvent.click(screen.getByRole('button', { name: 'Save provider' }));

    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain('Someone else changed this provider');
    expect(calls.find((c) => c.name === 'updateAiProvider')?.input).toMatchObject({ ifMatch: opened.updatedAt });
    expect(onClose).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect((screen.getByLabelText('Default model') as HTMLInputElement).value).toBe('claude-opus-4-1'));
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Claude');

    await userEvent.clear(screen.getByLabelText('Name'));
    await userEvent.type(screen.getByLabelText('Name'), 'Claude prod');
    await userEvent.click(screen.getByRole('button', { name: 'Save provider' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(stored).toMatchObject({ name: 'Claude prod', defaultModel: 'claude-opus-4-1' });
  });
});
