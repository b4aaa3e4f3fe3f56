import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSection } from '../../../renderer/src/features/settings/vault-section';
import type { VaultState } from '../../../shared/operations';
import { createFakeApi } from './fake-api';
import { descriptionOf, renderWithStore } from './render-app';

afterEach(cleanup);

const keyFileWarning =
  'Secrets are kept in an encrypted file (AES-256-GCM) whose key is in /data/vault.key (mode 0600), not the OS keychain.';
const onKeyFile: VaultState = {
  backend: 'file',
  description: 'file (key file at /data/vault.key)',
  warning: keyFileWarning,
  notMovable: null,
  targets: [{ backend: 'keychain', label: 'the OS keychain', unavailable: null }],
};
const onKeychain: VaultState = {
  backend: 'keychain',
  description: 'keychain',
  warning: null,
  notMovable: null,
  targets: [{ backend: 'file', label: 'the encrypted file (key file or SWITCHBOARD_MASTER_KEY)', unavailable: null }],
};

describe('the vault section of Settings', () => {
  it("shows the banner's sentence and moves every secret to the keychain after a confirmation", async () => {
    const { api, calls } = createFakeApi({
      getVault: () => onKeyFile,
      moveVault: () => ({ vault: onKeychain, moved: 3, missing: 0 }),
      getSystemStatus: () => {
        throw new Error('not needed');
      },
    });
    renderWithStore(<VaultSection />, api);
    expect(await screen.findByText(keyFileWarning, { exact: false })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Move secrets to the OS keychain' }));
    await userEvent.click(screen.getByRole('button', { name: 'Move secrets' }));
    expect(await screen.findByText('Moved 3 secrets to the OS keychain.')).toBeTruthy();
    expect(calls.find((c) => c.name === 'moveVault')!.input).toEqual({ to: 'keychain' });
    // Now on the keychain, the way back is offered.
    expect(screen.getByRole('button', { name: /Move secrets to the encrypted file/ })).toBeTruthy();
  });

  it('says why a backend cannot be used, and why a team vault is not moved', async () => {
    const unavailable = { ...onKeyFile, targets: [{ ...onKeyFile.targets[0]!, unavailable: 'No OS keychain answers here.' }] };
    const { api } = createFakeApi({ getVault: () => unavailable });
    renderWithStore(<VaultSection />, api);
    const button = await screen.findByRole('button', { name: 'Move secrets to the OS keychain' });
    expect(button.matches(':disabled')).toBe(true);
    expect(descriptionOf(button)).toContain('No OS keychain answers here.');
    cleanup();

    const team: VaultState = {
      backend: 'team',
      description: 'team database',
      warning: null,
      notMovable: 'This gateway runs on a team database.',
      targets: [],
    };
    renderWithStore(<VaultSection />, createFakeApi({ getVault: () => team }).api);
    expect(await screen.findByText('This gateway runs on a team database.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button')).toBeNull());
  });
});
