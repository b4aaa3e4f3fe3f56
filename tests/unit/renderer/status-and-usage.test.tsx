import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SystemStatus, UsageSummary } from '../../../shared/operations';
import { StatusBar } from '../../../renderer/src/app/status-bar';
import { formatCost } from '../../../renderer/src/components/format';
import { UsageTable } from '../../../renderer/src/features/usage/usage-table';
import { UsageTotalsCards } from '../../../renderer/src/features/usage/usage-totals';
import { createFakeApi } from './fake-api';
import { renderWithStore } from './render-app';

afterEach(cleanup);

const zero = {
  requests: 0,
  errors: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costMicroUsd: 0,
  unpricedRequests: 0,
};

describe('costs', () => {
  it('are never shown as $0 when requests were unpriced', () => {
    expect(formatCost({ ...zero, requests: 3, unpricedRequests: 3 })).toBe('unpriced');
    expect(formatCost({ ...zero, requests: 3, unpricedRequests: 1, costMicroUsd: 12_345 })).toBe('$0.0123 + 1 unpriced');
    expect(formatCost({ ...zero, requests: 3, costMicroUsd: 2_500_000 })).toBe('$2.50');
    expect(formatCost(zero)).toBe('$0.00');
    expect(formatCost({ ...zero, requests: 1, costMicroUsd: 41 })).toBe('< $0.0001');
  });
});

describe('the usage table', () => {
  it('lists groups with their totals in the footer', () => {
    const summary: UsageSummary = {
      from: '2026-03-01',
      to: '2026-03-02',
      groupBy: 'model',
      totals: { ...zero, requests: 5, inputTokens: 1500, costMicroUsd: 30_000, unpricedRequests: 2 },
      groups: [
        { ...zero, key: 'claude', label: 'claude', requests: 3, inputTokens: 1200, costMicroUsd: 30_000 },
        { ...zero, key: 'llama', label: 'llama', requests: 2, inputTokens: 300, unpricedRequests: 2 },
      ],
    };
    renderWithStore(<UsageTable summary={summary} />, createFakeApi({}).api);
    const table = screen.getByRole('table', { name: 'Usage by model' });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) =>
        within(row)
          .queryAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows[1]).toEqual(['3', '0', '1,200', '0', '0', '0', '$0.0300']);
    expect(rows[2]).toEqual(['2', '0', '300', '0', '0', '0', 'unpriced']);
    expect(rows[3]).toEqual(['5', '0', '1,500', '0', '0', '0', '$0.0300 + 2 unpriced']);
  });

  it('shows the headline totals', () => {
    renderWithStore(
      <UsageTotalsCards totals={{ ...zero, requests: 1234, errors: 12, inputTokens: 9000, outputTokens: 1000 }} />,
      createFakeApi({}).api,
    );
    const totals = screen.getByRole('region', { name: 'Totals' });
    expect(within(totals).getByText('1,234')).toBeTruthy();
    expect(within(totals).getByText('1.0% of requests')).toBeTruthy();
    expect(within(totals).getByText('10K')).toBeTruthy();
  });
});

describe('the status bar', () => {
  const status: SystemStatus = {
    version: '1.2.3',
    mode: 'headless',
    dataDir: '/data',
    agentEndpoint: 'http://127.0.0.1:9/v3',
    apiBaseUrl: null,
    vault: { backend: 'keychain', description: 'keychain', warning: null },
    startedAt: '',
    proxy: { state: 'running', requestsPerMinute: 0, inFlight: 0 },
    usageRecording: { pendingRows: 0, droppedRows: 0, quarantinedRows: 0 },
    priceTable: { asOf: '2025-11-25', source: 'test' },
    nearestBudget: null,
    upstreamHealth: { breakers: [], keys: [] },
  };

  it('shows the proxy state and its requests per minute', async () => {
    const withProxy: SystemStatus = { ...status, proxy: { state: 'paused', requestsPerMinute: 42, inFlight: 3 } };
    const { store } = renderWithStore(<StatusBar />, createFakeApi({ getSystemStatus: () => withProxy }).api);
    await store.getState().loadStatus();
    const bar = await screen.findByRole('status', { name: 'Status' });
    expect(bar.textContent).toContain('Proxy paused');
    expect(bar.textContent).toContain('42 req/min');
    expect(bar.textContent).toContain('3 in flight');
  });

  it('says when Switchboard cannot be reached', async () => {
    const { store } = renderWithStore(<StatusBar />, createFakeApi({}).api);
    await store.getState().loadStatus();
    expect((await screen.findByRole('status', { name: 'Status' })).textContent).toContain(
      'Cannot reach Switchboard: no fake for getSystemStatus',
    );
  });
});
