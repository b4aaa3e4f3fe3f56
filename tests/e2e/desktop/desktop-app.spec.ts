import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { SwitchboardBridge } from '../../../shared/ipc';
import { makeTempDir } from '../../support/temp-dir';
import { electronAvailability, launchApp, root, type RunningApp } from './electron-app';
import { startFakeAnthropic } from './fake-anthropic';

/** The desktop app itself, driven through Playwright's Electron support. */
const availability = electronAvailability();
test.skip(availability.reason !== null, availability.reason ?? '');

/** The renderer's global scope as the preload leaves it (this file type-checks without DOM types). */
type RendererGlobal = typeof globalThis & {
  switchboard: SwitchboardBridge;
  open(url: string): unknown;
  eval(code: string): unknown;
  require?: unknown;
};

test.describe('the desktop app', () => {
  let running: RunningApp;
  let temp: ReturnType<typeof makeTempDir>;

  test.beforeEach(async () => {
    temp = makeTempDir('switchboard-desktop-');
    running = await launchApp(availability.executablePath!, temp.dir);
  });
  test.afterEach(async () => {
    await running.app.close();
    temp.cleanup();
  });

  test('opens one locked-down window on the app:// renderer', async () => {
    const window = await running.app.firstWindow();
    await expect(window).toHaveURL(/^app:\/\/switchboard\//);
    await expect(window.locator('[data-app-state="loaded"]')).toBeVisible();
    await expect(window.getByRole('navigation', { name: 'Main' })).toBeVisible();

    expect(await running.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

    // No Node in the page, one function on the bridge, no new windows, and the CSP forbids eval.
    const scope = await window.evaluate(() => {
      const page = globalThis as RendererGlobal;
      let evalBlocked = true;
      try {
        evalBlocked = page.eval('1') !== 1;
      } catch {
        evalBlocked = true;
      }
      return {
        require: typeof page.require,
        process: typeof (page as { process?: unknown }).process,
        bridge: Object.keys(page.switchboard),
        opened: page.open('https://example.com/') === null,
        evalBlocked,
      };
    });
    expect(scope).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke'], opened: true, evalBlocked: true });

    const status = await window.evaluate(() => (globalThis as RendererGlobal).switchboard.invoke('getSystemStatus', {}));
    expect(status).toMatchObject({ ok: true, value: { mode: 'desktop', agentEndpoint: running.agentEndpoint } });
  });

  test('creates a provider through the UI, and the proxy answers with its stored key', async () => {
    const upstream = await startFakeAnthropic();
    try {
      const window = await running.app.firstWindow();
      const invoke = (name: string, input: unknown) =>
        window.evaluate(([n, i]) => (globalThis as RendererGlobal).switchboard.invoke(n, i), [name, input] as const);

      await expect(window.locator('[data-app-state="loaded"]')).toBeVisible();
      await window.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Providers' }).click();
      await window.getByRole('button', { name: 'Add provider' }).first().click();
      const dialog = window.getByRole('dialog', { name: 'Add provider' });
      await dialog.getByLabel('Name', { exact: true }).fill('Anthropic e2e');
      await dialog.getByLabel('Provider', { exact: true }).selectOption('anthropic');
      await dialog.getByLabel('Default model').fill('claude-sonnet-4-5');
      await dialog.getByLabel(/^Base URL/).fill(upstream.baseUrl);
      await dialog.locator('input[type="password"]').fill('sk-ant-e2e-stored-key');
      await dialog.getByRole('button', { name: 'Add provider' }).click();
      await expect(dialog).toBeHidden();
      await expect(window.getByRole('table', { name: 'Providers' }).getByText('Anthropic e2e')).toBeVisible();

      const created = (await invoke('createToken', { name: 'e2e job', kind: 'job' })) as { ok: boolean; value: { value: string } };
      expect(created.ok).toBe(true);

      const response = await fetch(`${running.agentEndpoint}/ai/anthropic/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': created.value.value, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ content: [{ text: 'Hello from the fake upstream' }] });
      expect(upstream.received).toHaveLength(1);
      expect(upstream.received[0]!.apiKey).toBe('sk-ant-e2e-stored-key');
    } finally {
      await upstream.close();
    }
  });

  test('a second launch with the same data directory hands over and exits', async () => {
    const second = spawn(availability.executablePath!, [root], {
      cwd: root,
      env: { ...process.env, SWITCHBOARD_DATA_DIR: running.dataDir, SWITCHBOARD_PORT: '0' },
      stdio: 'ignore',
    });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(0);
    const status = await fetch(`${running.agentEndpoint.replace(/\/v3$/, '')}/api/v1/system/status`);
    expect(status.status).toBe(401);
  });
});
