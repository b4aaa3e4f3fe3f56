import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignOutButton } from '../../../renderer/src/app/sign-out-button';
import { createFakeApi } from './fake-api';
import { renderWithStore } from './render-app';

afterEach(cleanup);

describe('signing out', () => {
  it('is offered to browser sessions and ends the session on the gateway', async () => {
    const signOut = vi.fn(() => Promise.reject(new Error('offline')));
    renderWithStore(<SignOutButton signOut={signOut} />, createFakeApi({}).api);
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(signOut).toHaveBeenCalledOnce();
    expect((await screen.findByRole('alert')).textContent).toContain('Could not sign out');
  });

  it('is not offered in the desktop window, which has no session', () => {
    renderWithStore(<SignOutButton />, { ...createFakeApi({}).api, transport: 'ipc' });
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });
});
