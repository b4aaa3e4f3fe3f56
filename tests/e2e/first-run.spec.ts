import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { spawnServe, type ServeProcess } from '../support/built-cli';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { makeTempDir } from '../support/temp-dir';
import { AppPage } from './pages/app-page';
import { ProvidersPage } from './pages/providers-page';
import { SecretsPage } from './pages/secrets-page';
import { TokensPage } from './pages/tokens-page';
import { UsagePage } from './pages/usage-page';

const run = promisify(execFile);

/**
 * `switchboard serve` as a new user starts it on a machine without a keychain: no session bus, no
 * master key, no vault choice; nothing set at all.
 */
function serveAsNewUser(dataDir: string, port = '0'): Promise<ServeProcess> {
  return spawnServe(['--port', port, '--data-dir', dataDir], {
    SWITCHBOARD_MASTER_KEY: undefined,
    SWITCHBOARD_VAULT: undefined,
    SWITCHBOARD_E2E_VAULT: undefined,
    DBUS_SESSION_BUS_ADDRESS: undefined,
  });
}

let upstream: FakeUpstream;
const temp = makeTempDir('switchboard-first-run-');
test.beforeEach(async () => {
  upstream = await startFakeUpstream();
});
test.afterEach(async () => {
  await upstream.close();
});
test.afterAll(() => temp.cleanup());

test('a new user without a keychain goes from secret to exported usage, and is still signed in after a restart', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  let serve = await serveAsNewUser(temp.dir);
  const app = new AppPage(page);
  try {
    await app.signIn(serve.lines['Admin UI']!);
    await new SecretsPage(page).add('Anthropic key', 'sk-ant-first-run-key');
    // Stored at once, and the vault says where its key is kept.
    await expect(page.getByRole('alert').filter({ hasText: `whose key is in ${temp.dir}/vault.key` })).toBeVisible();
    const providers = new ProvidersPage(page);
    await providers.add({
      name: 'Anthropic',
      slug: 'anthropic',
      defaultModel: 'fake-model-1',
      baseUrl: upstream.url,
      secretName: 'Anthropic key',
    });
    const result = await providers.testConnection('Anthropic');
    await expect(result).toContainText('✓ Connected');
    await expect(result).toContainText('key accepted');

    // The job token's own curl snippet, run as published.
    const tokens = new TokensPage(page);
    await tokens.issueJobToken('first pipeline', { pipeline: 'first' });
    const curl = await app.dialog('Token “first pipeline” issued').getByLabel('curl snippet', { exact: true }).innerText();
    const { stdout } = await run('sh', ['-c', curl]);
    expect(JSON.parse(stdout)).toMatchObject({ type: 'message', role: 'assistant' });
    await tokens.closeIssued('first pipeline');

    const usage = new UsagePage(page);
    await usage.open('Usage');
    await page.getByLabel('Date range').selectOption({ label: 'Today' });
    await usage.expectRequests(1);
    const csv = await usage.export('CSV');
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(2);
    await app.screenshot(testInfo, 'first-run-usage');

    // A restart on the same port: the session lives in the data directory, not in the process.
    const address = new URL(serve.lines['Agent endpoint']!);
    expect(await serve.stop()).toBe(0);
    serve = await serveAsNewUser(temp.dir, address.port);
    await page.goto(`${address.origin}/#/providers`);
    await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
    // The stored test result came back with the provider.
    await expect(providers.row('Anthropic')).toContainText('key accepted');
  } finally {
    await serve.stop();
  }
});
