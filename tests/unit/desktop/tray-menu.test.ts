import { describe, expect, it } from 'vitest';
import type { SystemStatus } from '../../../shared/operations';
import { buildTrayMenu, toMenuTemplate, toTrayStatus, trayTooltip, type TrayStatus } from '../../../electron/main/tray-menu';

const running: TrayStatus = {
  agentEndpoint: 'http://127.0.0.1:8787/v3',
  proxy: { state: 'running', requestsPerMinute: 12, inFlight: 2 },
  canPause: true,
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

  it('offers Resume while paused', () => {
    const paused: TrayStatus = { ...running, proxy: { state: 'paused', requestsPerMinute: 1, inFlight: 0 } };
    expect(labels(paused)).toContain('Resume proxy');
    expect(labels(paused)).not.toContain('Pause proxy');
    expect(labels(paused)[0]).toBe('Proxy: paused · 1 request/min');
  });

  it('disables what cannot be done: no endpoint to copy, no proxy to pause', () => {
    const stopped: TrayStatus = { agentEndpoint: null, proxy: null, canPause: false };
    expect(labels(stopped)[0]).toBe('Proxy: not listening');
    expect(item(stopped, 'Copy agent endpoint').enabled).toBe(false);
    expect(item(stopped, 'Pause proxy').enabled).toBe(false);
    expect(item(stopped, 'Open Switchboard').enabled).toBe(true);
    expect(item(stopped, 'Quit Switchboard').enabled).toBe(true);
  });

  it('reads the tray status from a SystemStatus, with or without proxy figures', () => {
    const status = {
      version: '0.1.0',
      mode: 'desktop',
      dataDir: '/d',
      agentEndpoint: 'http://127.0.0.1:1/v3',
      apiBaseUrl: 'http://127.0.0.1:1/api/v1',
      vault: { backend: 'keychain', warning: null },
      startedAt: '2026-01-01T00:00:00.000Z',
    } as SystemStatus; // an older core reported no proxy figures
    expect(toTrayStatus(status, false)).toEqual({ agentEndpoint: 'http://127.0.0.1:1/v3', proxy: null, canPause: false });
    const withProxy = { ...status, proxy: { state: 'running' as const, requestsPerMinute: 3, inFlight: 0 } };
    expect(toTrayStatus(withProxy, true).proxy).toEqual({ state: 'running', requestsPerMinute: 3, inFlight: 0 });
    expect(labels(toTrayStatus(status, false))[0]).toBe('Proxy: listening');
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
