import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { ProvidersPage } from './pages/providers-page';
import { SecretsPage } from './pages/secrets-page';
import { TokensPage } from './pages/tokens-page';

let upstream: FakeUpstream;
test.beforeEach(async () => {
  upstream = await startFakeUpstream();
});
test.afterEach(async () => {
  await upstream.close();
});

test('an admin caps the project per month, sees what it already spent against the cap with a bar, and edits the cap', async ({
  page,
  switchboard,
}, testInfo) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.signIn(switchboard.loginUrl);
  await app.open('Budgets');
  await expect(page.getByText('No budgets yet')).toBeVisible();

  // One request before any budget: a million input tokens of claude-haiku-4-5 at $1 per million.
  await new SecretsPage(page).add('Anthropic key', 'sk-ant-budgets-key');
  await new ProvidersPage(page).add({
    name: 'Anthropic',
    slug: 'anthropic',
    defaultModel: 'claude-haiku-4-5',
    baseUrl: upstream.url,
    secretName: 'Anthropic key',
  });
  const tokens = new TokensPage(page);
  const token = await tokens.issueJobToken('nightly');
  await tokens.closeIssued('nightly');
  const answer = await fetch(`${switchboard.agentEndpoint}/ai/anthropic/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': token, 'content-type': 'application/json', 'x-fake-input': '1000000' },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(answer.status).toBe(200);

  await app.open('Budgets');
  await page.getByRole('button', { name: 'New budget' }).click();
  const form = app.dialog('New budget');
  await form.getByLabel('Name', { exact: true }).fill('CI monthly');
  await form.getByLabel('Caps', { exact: true }).selectOption('project');
  await form.getByLabel('Period', { exact: true }).selectOption('monthly');
  await form.getByLabel('Cap (US dollars)').fill('50');
  await form.getByRole('button', { name: 'Create budget' }).click();
  await expect(form).toHaveCount(0);

  const budgets = page.getByRole('table', { name: 'Budgets' });
  const row = (name: string) => budgets.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const cell = (name: string, column: string) =>
    row(name).getByRole('cell').nth(['Caps', 'Period', 'Spent', 'Reserved', 'Cap'].indexOf(column));
  // The usage row is written just after the answer; the screen shows it once read.
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(cell('CI monthly', 'Spent')).toHaveText('$1.00', { timeout: 1_000 });
  }).toPass();
  await expect(cell('CI monthly', 'Caps')).toContainText('Project');
  await expect(cell('CI monthly', 'Period')).toContainText('Monthly');
  await expect(cell('CI monthly', 'Period')).toContainText('until');
  await expect(cell('CI monthly', 'Reserved')).toHaveText('$0.00');
  await expect(cell('CI monthly', 'Cap')).toHaveText('$50.00');
  const bar = row('CI monthly').getByRole('meter', { name: 'CI monthly: $1.00 spent, $0.00 reserved of $50.00' });
  await expect(bar).toHaveAttribute('aria-valuetext', '2 %');
  await expect(app.statusBar()).toContainText('Budget CI monthly: $1.00 of $50.00');
  await app.screenshot(testInfo, 'budgets');

  await row('CI monthly').getByRole('button', { name: 'Edit' }).click();
  const edit = app.dialog('Edit CI monthly');
  await expect(edit.getByLabel('Caps', { exact: true })).toBeDisabled();
  await edit.getByLabel('Name', { exact: true }).fill('CI monthly (tight)');
  await edit.getByLabel('Cap (US dollars)').fill('2');
  await edit.getByRole('button', { name: 'Save budget' }).click();
  await expect(edit).toHaveCount(0);
  await expect(cell('CI monthly (tight)', 'Cap')).toHaveText('$2.00');
  await expect(cell('CI monthly (tight)', 'Spent')).toHaveText('$1.00');
  await expect(row('CI monthly (tight)').getByRole('meter')).toHaveAttribute('aria-valuetext', '50 %');
  await expect(row('CI monthly')).toHaveCount(0);

  await row('CI monthly (tight)').getByRole('button', { name: 'Delete' }).click();
  await app.dialog('Delete CI monthly (tight)?').getByRole('button', { name: 'Delete budget' }).click();
  await expect(page.getByText('No budgets yet')).toBeVisible();
});
