import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamDatabaseRequest, TeamDatabaseStatus } from '../../../shared/team-database';
import { createTeamDatabaseApi } from '../../../renderer/src/api/team-database';
import { TeamDatabaseSection } from '../../../renderer/src/features/settings/team-database-section';

afterEach(cleanup);

/** The main process as the form sees it: a saved URL (without password) and the store in use. */
function fakeMain() {
  const requests: TeamDatabaseRequest[] = [];
  let saved: string | null = null;
  const status = (): TeamDatabaseStatus => ({ savedUrl: saved, inUse: 'sqlite', restartNeeded: saved !== null });
  const api = createTeamDatabaseApi(async (request) => {
    requests.push(request);
    if (request.action === 'status') return status();
    if (request.action === 'test') {
      return request.url.includes('wrong')
        ? { ok: false, message: 'The team database refused the password for role "admin".' }
        : { ok: true, message: 'Connected: schema version 5, up to date.' };
    }
    if (request.action === 'connect') {
      saved = 'postgres://admin@db.internal:5432/switchboard';
      return status();
    }
    saved = null;
    return status();
  });
  return { api, requests };
}

describe('Settings → Team database', () => {
  it('tests a URL and says what it found, then connects and says a restart applies it', async () => {
    const { api, requests } = fakeMain();
    render(<TeamDatabaseSection api={api} />);
    expect(await screen.findByText(/keeps its data in this computer’s data directory/)).toBeTruthy();
    const input = screen.getByLabelText('PostgreSQL URL');
    await userEvent.type(input, 'postgres://admin:wrong@db.internal:5432/switchboard');
    await userEvent.click(screen.getByRole('button', { name: 'Test' }));
    expect((await screen.findByRole('alert')).textContent).toContain('refused the password');

    await userEvent.clear(input);
    await userEvent.type(input, 'postgres://admin:secret@db.internal:5432/switchboard');
    await userEvent.click(screen.getByRole('button', { name: 'Test' }));
    expect(await screen.findByText('Connected: schema version 5, up to date.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText(/Saved: postgres:\/\/admin@db.internal:5432\/switchboard; restart Switchboard to use it/)).toBeTruthy();
    expect((input as HTMLInputElement).value).toBe('');
    expect(requests.map((r) => r.action)).toEqual(['status', 'test', 'test', 'connect']);
  });

  it('disconnects a saved database', async () => {
    const { api } = fakeMain();
    await api.connect('postgres://admin:secret@db.internal:5432/switchboard');
    render(<TeamDatabaseSection api={api} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByText(/keeps its data in this computer’s data directory\.$/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Disconnect' })).toBeNull();
  });
});
