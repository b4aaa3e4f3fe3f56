import { describe, expect, it } from 'vitest';
import { buildTrayMenu, toMenuTemplate, trayTooltip, type TrayStatus } from '../../../electron/main/tray-menu';

const running: TrayStatus = {
  agentEndpoint: 'http://127.0.0.1:8787/v3',
  proxy: { state: 'running', requestsPerMinute: 12, inFlight: 2 },
};
const labels = (status: TrayStatus) => buildTrayMenu(status).map((item) => (item.type === 'separator' ? '---' : item.label));
const item = (status: TrayStatus, label: string) =>
  buildTrayMenu(status).find((entry) => entry.type === 'normal' && entry.label === label) as { enabled: boolean; action: string | null };

describe('the tray menu model', () => {
  it('shows proxy state and load, then Open, Copy agent endpoint, Pause, Quit', () => {
    expect(labels(running)).toEqual([
      'Proxy: running · 12 requests/min',
      '2 in flight',
      '---',
      'Open Switchboard',
      'Copy agent endpoint',
      'Pause proxy',
      '---',
      'Quit Switchboard',
    ]);
    expect(item(running, 'Pause proxy')).toMatchObject({ enabled: true, action: 'pauseProxy' });
    expect(trayTooltip(running)).toBe('Switchboard — proxy running · 12 requests/min');
  });

  it('shows the budget nearest its cap under the proxy lines', () => {
    const nearestBudget = {
      budgetId: 'bud_1',
      name: 'CI monthly',
      projectId: 'prj_1',
      spentMicroUsd: 81_500_000,
      reservedMicroUsd: 500_000,
      capMicroUsd: 100_000_000,
      periodEnd: '2026-12-01T00:00:00.000Z',
    };
    expect(labels({ ...running, nearestBudget }).slice(0, 3)).toEqual([
      'Proxy: running · 12 requests/min',
      '2 in flight',
      'Budget CI monthly: $81.50 of $100.00 (82 %)',
    ]);
    expect(labels({ ...running, nearestBudget: null })).toEqual(labels(running));
  });

  it('offers Resume while paused', () => {
    const paused: TrayStatus = { ...running, proxy: { state: 'paused', requestsPerMinute: 1, inFlight: 0 } };
    expect(labels(paused)).toContain('Resume proxy');
    expect(labels(paused)).not.toContain('Pause proxy');
    expect(labels(paused)[0]).toBe('Proxy: paused · 1 request/min');
  });

  it('disables what cannot be done: no endpoint to copy, no stopped proxy to pause', () => {
    const stopped: TrayStatus = { agentEndpoint: null, proxy: { state: 'stopped', requestsPerMinute: 0, inFlight: 0 } };
    expect(labels(stopped)[0]).toBe('Proxy: not listening');
    expect(labels(stopped)).not.toContain('0 in flight');
    expect(item(stopped, 'Copy agent endpoint').enabled).toBe(false);
    expect(item(stopped, 'Pause proxy').enabled).toBe(false);
    expect(item(stopped, 'Open Switchboard').enabled).toBe(true);
    expect(item(stopped, 'Quit Switchboard').enabled).toBe(true);
    const draining: TrayStatus = { ...running, proxy: { state: 'stopped', requestsPerMinute: 4, inFlight: 1 } };
    expect(labels(draining)[0]).toBe('Proxy: stopped · 4 requests/min');
    expect(item(draining, 'Pause proxy').enabled).toBe(false);
  });

  it('binds each action to its handler in the Electron template', () => {
    const calls: string[] = [];
    const handlers = {
      open: () => calls.push('open'),
      copyAgentEndpoint: () => calls.push('copy'),
      pauseProxy: () => calls.push('pause'),
      resumeProxy: () => calls.push('resume'),
      quit: () => calls.push('quit'),
    };
    const template = toMenuTemplate(buildTrayMenu(running), handlers);
    for (const entry of template) if (entry.type === 'normal') entry.click?.();
    expect(calls).toEqual(['open', 'copy', 'pause', 'quit']);
    expect(template[0]).not.toHaveProperty('click');
  });
});
