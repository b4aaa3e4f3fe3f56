import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { actionInWords, actorInWords, auditCsv, matchesSearch } from '../../../renderer/src/features/audit/audit-format';
import { AuditScreen } from '../../../renderer/src/features/audit/audit-screen';
import { auditQuery, noAuditFilters } from '../../../renderer/src/store/audit-slice';
import type { AuditEvent, Token } from '../../../shared/operations';
import { createFakeApi, project } from './fake-api';
import { renderWithStore } from './render-app';

afterEach(cleanup);

const tokenId = 'tok_0000000000000000nightly';
const event = (fields: Partial<AuditEvent>): AuditEvent => ({
  id: 'aud_1',
  at: '2026-03-15T12:00:00.000Z',
  actor: 'cli',
  action: 'tokens:CreateToken',
  projectId: project.id,
  targetType: 'token',
  targetId: tokenId,
  changedFields: [],
  ...fields,
});
const names = new Map([[tokenId, 'nightly-ci']]);

describe('audit events in words', () => {
  it('says the action with the name of its target, and the id of one no longer known', () => {
    expect(actionInWords(event({}), names)).toBe('created token nightly-ci');
    expect(actionInWords(event({ action: 'secrets:RotateSecret', targetType: 'secret', targetId: 'sec_gone' }), names)).toBe(
      'rotated secret sec_gone',
    );
    expect(actionInWords(event({ action: 'aiProviders:DeleteAiProvider', targetType: 'aiProvider', targetId: 'aip_x' }), names)).toBe(
      'deleted provider aip_x',
    );
  });

  it('names actors: the app, the command line, or the token that acted', () => {
    expect(actorInWords('cli', names)).toBe('Command line');
    expect(actorInWords('admin', names)).toBe('Admin UI');
    expect(actorInWords(tokenId, names)).toBe('token nightly-ci');
  });

  it('searches names, ids and changed fields', () => {
    const changed = event({ action: 'tokens:UpdateToken', changedFields: ['labels', 'limits'] });
    expect(matchesSearch(changed, names, 'NIGHTLY')).toBe(true);
    expect(matchesSearch(changed, names, 'limits')).toBe(true);
    expect(matchesSearch(changed, names, 'rotated')).toBe(false);
  });

  it('exports CSV with names beside ids, quoting commas and defusing formulas', () => {
    const csv = auditCsv([event({ changedFields: ['name'] }), event({ actor: '=cmd()', targetId: 'a,b' })], names);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('time,actor,actor_name,action,permission,target_type,target_id,target_name,changed_fields');
    expect(lines[1]).toBe(
      `2026-03-15T12:00:00.000Z,cli,Command line,created token nightly-ci,tokens:CreateToken,token,${tokenId},nightly-ci,name`,
    );
    expect(lines[2]).toContain(",'=cmd(),'=cmd(),");
    expect(lines[2]).toContain(',"a,b",');
  });

  it('turns day filters into whole UTC days, the last one included', () => {
    expect(auditQuery({ ...noAuditFilters, actor: ' cli ', sinceDay: '2026-03-01', untilDay: '2026-03-02' })).toEqual({
      actor: 'cli',
      action: undefined,
      targetId: undefined,
      since: '2026-03-01T00:00:00.000Z',
      until: '2026-03-03T00:00:00.000Z',
    });
  });
});

describe('the audit screen', () => {
  it('shows actions in words with the permission on hover, and sends the filters to the server', async () => {
    const token = { id: tokenId, name: 'nightly-ci' } as Token;
    const { api, calls } = createFakeApi({
      listAuditEvents: () => ({ items: [event({})], nextCursor: null }),
      listTokens: () => ({ items: [token], nextCursor: null }),
      listAiProviders: () => ({ items: [], nextCursor: null }),
      listAiProviderTests: () => ({ items: [] }),
      listSecrets: () => ({ items: [], nextCursor: null }),
    });
    renderWithStore(<AuditScreen />, api);
    const action = await screen.findByText('created token nightly-ci');
    expect(action.getAttribute('title')).toBe('Permission: tokens:CreateToken');
    await userEvent.selectOptions(screen.getByLabelText('Action'), 'tokens:RevokeToken');
    await userEvent.type(screen.getByLabelText('Actor'), 'admin');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.name === 'listAuditEvents').at(-1)!.input).toMatchObject({
        action: 'tokens:RevokeToken',
        actor: 'admin',
      }),
    );
    await userEvent.type(screen.getByLabelText('Search the events shown'), 'rotated');
    expect(screen.getByText('No event mentions “rotated”')).toBeTruthy();
  });
});
