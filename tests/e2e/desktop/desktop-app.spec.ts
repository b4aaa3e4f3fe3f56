import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { SwitchboardBridge } from '../../../shared/ipc';
import { startFakeUpstream } from '../../support/fake-upstream/fake-upstream';
import { makeTempDir } from '../../support/temp-dir';
import { ProvidersPage } from '../pages/providers-page';
import { TokensPage } from '../pages/tokens-page';
import { electronAvailability, launchApp, root, type RunningApp } from './electron-app';

/** The desktop app itself, driven through Playwright's Electron support. */
const availability = electronAvailability();
// Skipped only where Electron's binary is absent (it downloads on first run, which needs network
// access and Node >= 22.12); the reason names what is missing.
test.skip(availability.reason !== null, availability.reason ?? '');
// The reason also goes to the run's output, not only into the report's annotations.
if (availability.reason) console.log(`Desktop app tests not run: ${availability.reason}`);

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
    const upstream = await startFakeUpstream();
    try {
      const window = await running.app.firstWindow();
      await expect(window.locator('[data-app-state="loaded"]')).toBeVisible();
      // The same page helpers as the browser tests: the desktop shows the same admin UI over IPC.
      await new ProvidersPage(window).add({
        name: 'Anthropic e2e',
        slug: 'anthropic',
        defaultModel: 'claude-sonnet-4-5',
        baseUrl: upstream.url,
        newKey: 'sk-ant-e2e-stored-key',
      });
      const token = await new TokensPage(window).issueJobToken('e2e job');

      const response = await fetch(`${running.agentEndpoint}/ai/anthropic/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': token, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ type: 'message', role: 'assistant' });
      // The upstream saw the key from the vault, never the job token.
      const sent = upstream.received.filter((request) => request.path.endsWith('/v1/messages'));
      expect(sent).toHaveLength(1);
      expect(sent[0]!.headers['x-api-key']).toBe('sk-ant-e2e-stored-key');
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
