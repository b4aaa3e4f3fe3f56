import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../shared/operations';
import { GatewaysScreen } from '../../../renderer/src/features/gateways/gateways-screen';
import { createFakeApi } from './fake-api';
import { renderWithStore } from './render-app';

afterEach(cleanup);

const gateway = (id: string, host: string, state: Gateway['state'], isSelf = false): Gateway => ({
  id,
  host,
  pid: 100,
  version: '1.4.0',
  store: 'postgres',
  baseUrl: 'http://127.0.0.1:8787',
  startedAt: '2026-11-30T07:00:00.000Z',
  lastSeenAt: '2026-11-30T07:59:50.000Z',
  requestsPerMinute: 12,
  stoppedAt: state === 'stopped' ? '2026-11-30T07:59:50.000Z' : null,
  state,
  isSelf,
});

describe('the Gateways screen', () => {
  it('lists each gateway with its state, and says how many are silent', async () => {
    const { api } = createFakeApi({
      listGateways: () => ({
        items: [
          gateway('gw_0000000000000000000001', 'ci-agent-1', 'live', true),
          gateway('gw_0000000000000000000002', 'ci-agent-2', 'silent'),
          gateway('gw_0000000000000000000003', 'ci-agent-3', 'stopped'),
        ],
        silentAfterSeconds: 30,
      }),
    });
    renderWithStore(<GatewaysScreen />, api);
    const table = await screen.findByRole('table', { name: 'Gateways' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]!.textContent)).toEqual(['Live', 'Silent', 'Stopped']);
    expect(within(rows[0]!).getByText('this one')).toBeTruthy();
    // Requests/min, then the links to each gateway's usage and requests.
    expect(within(rows[0]!).getAllByRole('cell').at(-2)!.textContent).toBe('12');
    expect(within(rows[1]!).getAllByRole('cell').at(-2)!.textContent).toBe('—');
    const usage = within(rows[0]!).getByRole('link', { name: /^Usage of / });
    expect(usage.getAttribute('href')).toMatch(/^#\/usage\?.*gateway=gw_/);
    expect(
      within(rows[0]!)
        .getByRole('link', { name: /^Requests of / })
        .getAttribute('href'),
    ).toMatch(/^#\/requests\?range=24h&gatewayId=gw_/);
    expect(screen.getByRole('status').textContent).toContain('1 gateway has sent no heartbeat for over 30 s');
  });
});
