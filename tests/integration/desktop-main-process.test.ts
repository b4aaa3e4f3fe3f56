import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { packagedRendererUrl } from '../../electron/main/renderer-origin';
import { createFakeElectron } from '../support/fake-electron';
import { makeTempDir } from '../support/temp-dir';

/**
 * The real main process (electron/main/index.ts) over a recording stand-in for the `electron`
 * module: its wiring — sandbox, app:// protocol, window options, guards, IPC, tray, quit — runs
 * against the real core and HTTP server without the Electron binary.
 */
const root = path.resolve(import.meta.dirname, '../..');
const fake = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeElectron> | null }));
vi.mock('electron', () => fake.current!.electron);

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
};

describe('the main process, over a stand-in for Electron', () => {
  const temp = makeTempDir('switchboard-main-');
  let electron: ReturnType<typeof createFakeElectron>;
  const names = () => electron.calls.map(([name]) => name);

  beforeAll(async () => {
    electron = fake.current = createFakeElectron(root);
    vi.stubEnv('SWITCHBOARD_DATA_DIR', temp.dir);
    vi.stubEnv('SWITCHBOARD_PORT', '0');
    vi.stubEnv('SWITCHBOARD_VAULT', 'file');
    vi.stubEnv('SWITCHBOARD_MASTER_KEY', 'main-process-test-key');
    vi.stubEnv('ELECTRON_RENDERER_URL', '');
    await import('../../electron/main/index');
    await until(() => names().includes('loadURL') && electron.Tray.created.length === 1);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    temp.cleanup();
  });

  it('takes the single-instance lock beside its data, sandboxes every renderer and gives app:// a real origin, all in time', () => {
    expect(electron.state).toEqual({
      ready: true,
      userData: path.join(temp.dir, 'electron'),
      lockDir: path.join(temp.dir, 'electron'),
      sandboxed: true,
      privilegedSchemes: [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }],
      tooLateForReady: [],
    });
  });

  it('opens one hidden, sandboxed, isolated window on the app:// renderer with the preload', () => {
    expect(electron.BrowserWindow.all).toHaveLength(1);
    const options = electron.BrowserWindow.all[0]!.options as { show: boolean; webPreferences: Record<string, unknown> };
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(options.webPreferences.preload).toBe(path.join(root, 'electron/preload/index.cjs'));
    expect(electron.calls).toContainEqual(['loadURL', packagedRendererUrl]);
    expect(names()).toContain('window.show');
  });

  it('guards the window: navigation prevented, window.open denied, external https handed to the browser', () => {
    const contents = electron.BrowserWindow.all[0]!.webContents;
    let prevented = false;
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://docs.example.com/x');
    expect(prevented).toBe(true);
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.calls.filter(([name]) => name === 'shell.openExternal')).toEqual([
      ['shell.openExternal', 'https://docs.example.com/x'],
    ]);
    expect(Object.keys(electron.sessionHandlers).sort()).toEqual(['check', 'device', 'request']);
  });

  it('warns visibly that keys are in the file vault, not the keychain', () => {
    const warning = electron.calls.find(([name]) => name === 'dialog.showMessageBox');
    expect(warning?.[1]).toMatchObject({ type: 'warning', message: 'Provider keys are not kept in the OS keychain' });
  });

  it('answers the renderer over IPC as the desktop, and nobody else', async () => {
    const invoke = electron.handlers.get('switchboard:invoke')!;
    const trusted = (await invoke({ senderFrame: { url: 'app://switchboard/index.html' } }, 'getSystemStatus', {})) as {
      ok: boolean;
      value: { mode: string; agentEndpoint: string };
    };
    expect(trusted).toMatchObject({ ok: true, value: { mode: 'desktop' } });
    const untrusted = await invoke({ senderFrame: { url: 'https://evil.example/' } }, 'getSystemStatus', {});
    expect(untrusted).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const response = await fetch(trusted.value.agentEndpoint.replace(/\/v3$/, '/api/v1/system/status'));
    expect(response.status).toBe(401);
  });

  it('shows proxy status in the tray, and Copy agent endpoint copies it', async () => {
    const tray = electron.Tray.created[0]!;
    await until(() => tray.menu.length > 0);
    expect(tray.tooltip).toMatch(/^Switchboard — proxy /);
    tray.menu.find((item) => item.label === 'Copy agent endpoint')!.click!();
    const copied = electron.calls.find(([name]) => name === 'clipboard.writeText')?.[1];
    expect(copied).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);
  });

  it('pauses and resumes the proxy from the tray, and the menu follows', async () => {
    const tray = electron.Tray.created[0]!;
    const labels = () => tray.menu.map((item) => item.label);
    expect(labels()[0]).toMatch(/^Proxy: running · \d+ requests?\/min$/);
    tray.menu.find((item) => item.label === 'Pause proxy')!.click!();
    await until(() => labels().includes('Resume proxy'));
    expect(tray.tooltip).toMatch(/^Switchboard — proxy paused/);
    const endpoint = electron.calls.find(([name]) => name === 'clipboard.writeText')![1] as string;
    const refused = await fetch(`${endpoint}/ai/anthropic/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'sb_x' }, body: '{}' });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('proxy_paused');
    tray.menu.find((item) => item.label === 'Resume proxy')!.click!();
    await until(() => labels().includes('Pause proxy'));
  });

  it('brings the window forward on a second launch', () => {
    const before = names().filter((name) => name === 'window.focus').length;
    electron.electron.app.emit('second-instance');
    expect(names().filter((name) => name === 'window.focus').length).toBe(before + 1);
  });

  it('quits by draining the server and closing the core, then exits 0', async () => {
    const status = (await electron.handlers.get('switchboard:invoke')!(
      { senderFrame: { url: 'app://switchboard/index.html' } },
      'getSystemStatus',
      {},
    )) as { value: { apiBaseUrl: string } };
    electron.electron.app.quit();
    expect(electron.calls).toContainEqual(['quit', { prevented: true }]);
    await until(() => names().includes('exit'));
    expect(electron.calls).toContainEqual(['exit', 0]);
    expect(electron.Tray.created[0]!.destroyed).toBe(true);
    await expect(fetch(`${status.value.apiBaseUrl}/system/status`)).rejects.toThrow();
  });
});
