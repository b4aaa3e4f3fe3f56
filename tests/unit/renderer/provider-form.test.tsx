import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../renderer/src/api/api-error';
import { ProviderForm } from '../../../renderer/src/features/providers/provider-form';
import { createFakeApi, project } from './fake-api';
import { descriptionOf, renderWithStore } from './render-app';

afterEach(cleanup);

const provider = {
  id: 'aip_0000000000000000000new',
  projectId: project.id,
  secretId: 'sec_00000000000000000000key',
  name: 'Anthropic prod',
  provider: 'anthropic' as const,
  defaultModel: 'claude-sonnet-4-5',
  baseUrl: null,
  config: null,
  authMethod: 'byo' as const,
  poolSecretIds: [],
  createdAt: '',
  updatedAt: '',
};
const secret = {
  id: 'sec_00000000000000000000key',
  projectId: project.id,
  name: 'Anthropic prod key',
  fingerprint: 'ab12',
  backend: 'keychain' as const,
  linkedProviderIds: [],
  createdAt: '',
  updatedAt: '',
  rotatedAt: null,
};

describe('the provider form', () => {
  it('shows what is missing next to each field and sends nothing', async () => {
    const { api, calls } = createFakeApi({});
    renderWithStore(<ProviderForm editing={null} onClose={() => {}} />, api);
    await userEvent.click(screen.getByRole('button', { name: 'Add provider' }));
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(screen.getByLabelText('Name'))).toMatch(/must not be empty/);
    expect(descriptionOf(screen.getByLabelText('Default model'))).toMatch(/must not be empty/);
    expect(screen.getByRole('alert').textContent).toContain('Check the highlighted fields.');
    expect(calls).toEqual([]);
  });

  it('switches to the hosted endpoint and platform token when Hosted is chosen', async () => {
    renderWithStore(<ProviderForm editing={null} onClose={() => {}} />, createFakeApi({}).api);
    await userEvent.click(screen.getByRole('radio', { name: /Hosted/ }));
    expect(screen.getByLabelText('Hosted endpoint URL')).toBeTruthy();
    expect(screen.getByLabelText('Platform token').getAttribute('type')).toBe('password');
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'azure');
    expect(screen.getByLabelText('Deployment')).toBeTruthy();
  });

  it('links an existing secret that matches the slug by default, until a key source is chosen', async () => {
    const { api } = createFakeApi({});
    const { store } = renderWithStore(<ProviderForm editing={null} onClose={() => {}} />, api, (s) =>
      s.setState({
        secrets: { data: [secret, { ...secret, id: 'sec_0000000000000000000open', name: 'OpenAI ci' }], loading: false, error: null },
      }),
    );
    expect(store.getState().secrets.data).toHaveLength(2);
    expect((screen.getByRole('radio', { name: 'Use an existing secret' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Secret') as HTMLSelectElement).value).toBe(secret.id);
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'openai');
    expect((screen.getByLabelText('Secret') as HTMLSelectElement).value).toBe('sec_0000000000000000000open');
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'groq');
    expect((screen.getByRole('radio', { name: /^Enter a new/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Default model') as HTMLInputElement).placeholder).toMatch(/^e\.g\. /);
  });

  it('stores the key as a secret, creates the provider and closes', async () => {
    const { api, namesCalled } = createFakeApi({
      createSecret: () => secret,
      createAiProvider: () => provider,
      listAiProviders: () => ({ items: [provider], nextCursor: null }),
      listSecrets: () => ({ items: [secret], nextCursor: null }),
    });
    const onClose = vi.fn();
    const { store } = renderWithStore(<ProviderForm editing={null} onClose={onClose} />, api);
    await userEvent.type(screen.getByLabelText('Name'), 'Anthropic prod');
    await userEvent.type(screen.getByLabelText('Default model'), 'claude-sonnet-4-5');
    await userEvent.type(screen.getByLabelText('API key'), 'sk-ant-123');
    await userEvent.click(screen.getByRole('button', { name: 'Add provider' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(namesCalled()).toEqual(['createSecret', 'createAiProvider', 'listAiProviders', 'listAiProviderTests', 'listSecrets']);
    expect(store.getState().providers.data).toEqual([provider]);
  });

  it('puts the server’s field errors next to the fields', async () => {
    const { api } = createFakeApi({
      createSecret: () => secret,
      createAiProvider: () => {
        throw new ApiError('validation_failed', 'Invalid input: config.region: Bedrock is not offered in eu-west-9', [
          { path: 'config.region', message: 'Bedrock is not offered in eu-west-9' },
        ]);
      },
    });
    renderWithStore(<ProviderForm editing={null} onClose={() => {}} />, api);
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'bedrock');
    await userEvent.type(screen.getByLabelText('Name'), 'Bedrock');
    await userEvent.type(screen.getByLabelText('Default model'), 'anthropic.claude');
    await userEvent.type(screen.getByLabelText('AWS region'), 'eu-west-9');
    await userEvent.click(screen.getByLabelText('API key'));
    await userEvent.paste(JSON.stringify({ accessKeyId: 'AKIA', secretAccessKey: 's' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add provider' }));
    await waitFor(() => expect(descriptionOf(screen.getByLabelText('AWS region'))).toMatch(/not offered in eu-west-9/));
  });
});

describe('where the provider form says a new key goes', () => {
  const statusWith = (backend: 'keychain' | 'file', warning: string | null) => ({
    version: '1',
    mode: 'headless' as const,
    dataDir: '/data',
    agentEndpoint: null,
    apiBaseUrl: null,
    vault: { backend, description: backend === 'file' ? 'file (key file at /data/vault.key)' : 'keychain', warning },
    startedAt: '',
    proxy: { state: 'running' as const, requestsPerMinute: 0, inFlight: 0 },
    usageRecording: { pendingRows: 0, droppedRows: 0, quarantinedRows: 0 },
    priceTable: { asOf: '2025-11-25', source: 'test' },
    nearestBudget: null,
    upstreamHealth: { breakers: [], keys: [] },
  });

  it('never claims the keychain when secrets go to the file vault', async () => {
    const { store } = renderWithStore(
      <ProviderForm editing={null} onClose={() => {}} />,
      createFakeApi({ getSystemStatus: () => statusWith('file', 'Secrets are kept in an encrypted file.') }).api,
    );
    await store.getState().loadStatus();
    const byo = await screen.findByRole('radio', { name: /Bring your own key/ });
    expect(byo.closest('label')?.textContent).toContain('encrypted file on this machine');
    expect(document.body.textContent).not.toMatch(/keychain\./);
  });

  it('names the OS keychain when that is where keys go', async () => {
    const { store } = renderWithStore(
      <ProviderForm editing={null} onClose={() => {}} />,
      createFakeApi({ getSystemStatus: () => statusWith('keychain', null) }).api,
    );
    await store.getState().loadStatus();
    expect((await screen.findByRole('radio', { name: /Bring your own key/ })).closest('label')?.textContent).toContain('OS keychain');
  });
});
