import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { expect, test, type Switchboard } from './fixtures';
import { AppPage, type ScreenName } from './pages/app-page';

/** Every screen and dialog, at two sizes and in both themes, kept as artifacts (test-results is ignored by git). */
const shotsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results/screens');
const viewports = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;
const themes = ['light', 'dark'] as const;
const screens: ScreenName[] = ['Providers', 'Secrets', 'Tokens', 'Usage', 'Audit log', 'Settings'];

let upstream: FakeUpstream;
test.beforeEach(async () => {
  upstream = await startFakeUpstream();
});
test.afterEach(async () => {
  await upstream.close();
});

/** A project worth looking at: a long name, a tested provider, tokens of both kinds, some usage. */
async function seed(page: Page, switchboard: Switchboard): Promise<void> {
  const api = async (path: string, data: unknown) => {
    const response = await page.request.post(`${switchboard.baseUrl}/api/v1${path}`, { data });
    expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
    return response;
  };
  const project = await (await api('/projects', { name: 'Platform infrastructure and developer productivity (a long name)' })).json();
  const secret = await (await api('/secrets', { projectId: project.id, name: 'Anthropic production key', value: 'sk-ant-screens' })).json();
  const provider = await (
    await api('/ai-providers', {
      projectId: project.id,
      name: 'Anthropic production',
      provider: 'anthropic',
      defaultModel: 'fake-model-1',
      baseUrl: upstream.url,
      secretId: secret.id,
    })
  ).json();
  await api(`/ai-providers/${provider.id}/test`, {});
  await api('/ai-providers', {
    projectId: project.id,
    name: 'Nowhere',
    provider: 'custom',
    defaultModel: 'm',
    baseUrl: 'http://127.0.0.1:9/v1',
  });
  const job = await (
    await api('/tokens', {
      projectId: project.id,
      name: 'nightly-ci',
      kind: 'job',
      allowedProviders: [provider.id],
      labels: { pipeline: 'nightly', branch: 'release/2026-03-with-a-long-branch-name', team: 'developer-productivity' },
      limits: { requestsPerMinute: 60, spendCapUsd: 25 },
    })
  ).json();
  await api('/tokens', { projectId: project.id, name: 'dashboard reader', kind: 'api', permissions: ['usage:GetUsageSummary'] });
  for (let i = 0; i < 3; i++) {
    const answer = await fetch(`${switchboard.agentEndpoint}/ai/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': job.value, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(answer.status).toBe(200);
  }
  await page.reload();
  await page.getByLabel('Project', { exact: true }).selectOption(project.id as string);
}

/** No serious or critical accessibility violation on what is shown now. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious, what).toEqual([]);
}

for (const viewport of viewports) {
  for (const theme of themes) {
    const size = `${viewport.width}x${viewport.height}`;
    test(`every screen and dialog at ${size}, ${theme}: screenshots, no serious accessibility violation, actions in view`, async ({
      page,
      switchboard,
    }) => {
      test.setTimeout(300_000);
      const dir = resolve(shotsDir, `${size}-${theme}`);
      mkdirSync(dir, { recursive: true });
      const shot = (name: string) => page.screenshot({ path: resolve(dir, `${name}.png`) });
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: theme });
      const app = new AppPage(page);
      await app.signIn(switchboard.loginUrl);
      await seed(page, switchboard);

      // The sidebar keeps its controls inside, whatever the project is called.
      const manage = page.getByRole('button', { name: 'Manage projects' });
      const sidebar = await page.locator('.sidebar').boundingBox();
      const button = await manage.boundingBox();
      expect(button!.x + button!.width).toBeLessThanOrEqual(sidebar!.x + sidebar!.width);

      for (const screen of screens) {
        await app.open(screen);
        if (screen === 'Usage') await expect(page.getByRole('region', { name: 'Totals' })).toBeVisible();
        if (screen === 'Providers') await expect(page.getByText('key accepted')).toBeVisible();
        await expectAccessible(page, `${screen} (${size}, ${theme})`);
        await shot(`screen-${screen.toLowerCase().replace(' ', '-')}`);
      }

      /** Opens a dialog, checks its actions are in view, screenshots and closes it. */
      async function dialog(name: string, open: () => Promise<void>, action: string) {
        await open();
        const opened = app.dialog(name);
        await expect(opened).toBeVisible();
        await expect(opened.getByRole('button', { name: action, exact: true })).toBeInViewport();
        await expectAccessible(page, `${name} (${size}, ${theme})`);
        await shot(`dialog-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
        await page.keyboard.press('Escape');
        await expect(opened).toBeHidden();
      }

      await app.open('Providers');
      await dialog('Add provider', () => page.getByRole('button', { name: 'Add provider' }).first().click(), 'Add provider');
      await dialog(
        'Edit Anthropic production',
        () => page.getByRole('button', { name: 'Edit Anthropic production' }).click(),
        'Save provider',
      );
      await dialog('Delete Nowhere?', () => page.getByRole('button', { name: 'Delete Nowhere' }).click(), 'Delete provider');
      await app.open('Secrets');
      await dialog('Add secret', () => page.getByRole('button', { name: 'Add secret' }).click(), 'Save secret');
      await dialog(
        'Rotate Anthropic production key',
        () => page.getByRole('button', { name: 'Rotate Anthropic production key' }).click(),
        'Cancel',
      );
      await app.open('Tokens');
      await dialog('Issue token', () => page.getByRole('button', { name: 'Issue token' }).click(), 'Issue token');
      await dialog('Edit nightly-ci', () => page.getByRole('button', { name: 'Edit nightly-ci' }).click(), 'Save token');
      await dialog('Revoke nightly-ci?', () => page.getByRole('button', { name: 'Revoke nightly-ci' }).click(), 'Revoke token');
      await dialog('Projects', () => page.getByRole('button', { name: 'Manage projects' }).click(), 'Create project');

      // The one-time token dialog, with the snippets for the providers it can call.
      await page.getByRole('button', { name: 'Issue token' }).click();
      await app.dialog('Issue token').getByLabel('Name', { exact: true }).fill('screenshot token');
      await app.dialog('Issue token').getByRole('button', { name: 'Issue token' }).click();
      const issued = app.dialog('Token “screenshot token” issued');
      await expect(issued.getByRole('button', { name: 'Done' })).toBeInViewport();
      await expectAccessible(page, `issued token (${size}, ${theme})`);
      await shot('dialog-token-issued');
    });
  }
}
