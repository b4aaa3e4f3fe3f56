import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { expect, test } from './fixtures';
import { ProvidersPage } from './pages/providers-page';
import { RequestsPage } from './pages/requests-page';
import { SecretsPage } from './pages/secrets-page';
import { TokensPage } from './pages/tokens-page';
import { UsagePage } from './pages/usage-page';

let upstream: FakeUpstream;
test.beforeEach(async () => {
  upstream = await startFakeUpstream();
});
test.afterEach(async () => {
  await upstream.close();
});

test('a failed request is found by its x-request-id, and the Usage error count opens the same list filtered', async ({
  page,
  switchboard,
}, testInfo) => {
  test.setTimeout(120_000);
  const requests = new RequestsPage(page);
  await requests.signIn(switchboard.loginUrl);
  await new SecretsPage(page).add('Anthropic key', 'sk-ant-requests-key');
  await new ProvidersPage(page).add({
    name: 'Anthropic',
    slug: 'anthropic',
    defaultModel: 'fake-model-1',
    baseUrl: upstream.url,
    secretName: 'Anthropic key',
  });
  const tokens = new TokensPage(page);
  const token = await tokens.issueJobToken('deploy pipeline', { pipeline: 'deploy' });
  await tokens.closeIssued('deploy pipeline');

  const ask = (headers: Record<string, string>) =>
    fetch(`${switchboard.agentEndpoint}/ai/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': token, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
  expect((await ask({})).status).toBe(200);
  const failed = await ask({ 'x-fake-status': '500', 'x-switchboard-label-job': '42' });
  expect(failed.status).toBe(500);
  const requestId = failed.headers.get('x-request-id')!;
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

  await requests.open('Requests');
  await expect(requests.table().getByRole('row')).toHaveCount(3);
  await requests.searchRequestId(requestId);
  await expect(requests.fact('Request id')).toHaveText(requestId);
  await expect(requests.fact('Status')).toHaveText('500 upstream_error');
  await expect(requests.fact('Error')).not.toHaveText('—');
  await expect(requests.fact('Labels')).toContainText('pipeline=deploy');
  await expect(requests.fact('Labels')).toContainText('job=42');
  await expect(page).toHaveURL(new RegExp(`#/requests\\?requestId=${requestId}`));
  await requests.screenshot(testInfo, 'request-detail');

  const usage = new UsagePage(page);
  await usage.open('Usage');
  await page.getByLabel('Date range').selectOption({ label: 'Today' });
  await usage.expectRequests(2);
  await usage.total('Errors').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
  await expect(page).toHaveURL(/#\/requests\?.*status=error/);
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('error');
  const rows = requests.table().getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('500 upstream_error');
  await rows.nth(1).getByRole('button').click();
  await expect(requests.fact('Request id')).toHaveText(requestId);
});

test('Settings shows how long requests are kept, the oldest one and the database size, and changes the limit', async ({
  page,
  switchboard,
}) => {
  const app = new RequestsPage(page);
  await app.signIn(switchboard.loginUrl);
  await app.open('Settings');
  const section = page.getByRole('region', { name: 'Request log retention' });
  await expect(section.getByLabel('Keep raw requests for (days)')).toHaveValue('90');
  await expect(section.getByText('Database size')).toBeVisible();
  await expect(section.locator('dd').nth(1)).toHaveText(/^\d+\.\d MB$/);
  await section.getByLabel('Keep raw requests for (days)').fill('30');
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved');
  const shown = await (await page.request.get(`${switchboard.baseUrl}/api/v1/usage/retention`)).json();
  expect(shown.rawRowsDays).toBe(30);
});
