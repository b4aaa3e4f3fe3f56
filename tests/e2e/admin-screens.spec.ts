import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { ProvidersPage } from './pages/providers-page';
import { SecretsPage } from './pages/secrets-page';
import { TokensPage } from './pages/tokens-page';

test('a new user adds a secret, a provider linked to it and a job token with ready-to-paste snippets', async ({
  page,
  switchboard,
}, testInfo) => {
  const app = new AppPage(page);
  await app.signIn(switchboard.loginUrl);
  await expect(page.getByText('No providers yet')).toBeVisible();

  const secrets = new SecretsPage(page);
  await secrets.add('Anthropic key', 'sk-ant-e2e-never-shown');
  await expect(page.getByText('sk-ant-e2e-never-shown')).toHaveCount(0);

  const providers = new ProvidersPage(page);
  await providers.add({ name: 'Anthropic prod', slug: 'anthropic', defaultModel: 'claude-sonnet-4-5', secretName: 'Anthropic key' });
  await expect(providers.row('Anthropic prod')).toContainText('anthropic');
  await expect(providers.row('Anthropic prod')).toContainText('Anthropic key');
  await app.screenshot(testInfo, 'providers');

  await secrets.open('Secrets');
  await expect(secrets.table().getByRole('row', { name: /Anthropic key/ })).toContainText('Anthropic prod');

  const tokens = new TokensPage(page);
  const value = await tokens.issueJobToken('deploy pipeline', { pipeline: 'deploy' });
  expect(value).toMatch(/^sb_/);
  const issued = app.dialog('Token “deploy pipeline” issued');
  await expect(issued.getByRole('region', { name: 'curl' })).toContainText(
    'curl -X POST "$BUILDKITE_AGENT_ENDPOINT/ai/anthropic/v1/messages"',
  );
  await expect(issued.getByRole('region', { name: 'Claude Code' })).toContainText(
    `ANTHROPIC_BASE_URL="${switchboard.agentEndpoint}/ai/anthropic"`,
  );
  // The pipeline reads the token from a CI secret; the YAML never holds it.
  await expect(issued.getByRole('region', { name: 'Pipeline step' })).toContainText('- SWITCHBOARD_JOB_TOKEN');
  await expect(issued.getByRole('region', { name: 'Pipeline step' })).not.toContainText(value);
  await app.screenshot(testInfo, 'token-issued');
  await tokens.closeIssued('deploy pipeline');
  await expect(page.getByText(value)).toHaveCount(0);
  await expect(tokens.row('deploy pipeline')).toContainText('pipeline=deploy');
  await app.screenshot(testInfo, 'tokens');

  // Every change is in the audit log, without values.
  await app.open('Audit log');
  const audit = page.getByRole('table', { name: 'Audit events' });
  await expect(audit).toContainText('created secret Anthropic key');
  await expect(audit).toContainText('created provider Anthropic prod');
  await expect(audit).toContainText('created token deploy pipeline');
  await expect(audit.getByText('created token deploy pipeline')).toHaveAttribute('title', 'Permission: tokens:CreateToken');
  await expect(audit).not.toContainText('sk-ant-e2e-never-shown');
  await app.screenshot(testInfo, 'audit');
});

test('forms explain what is wrong, next to the field, and deleting a provider names its dependents', async ({
  page,
  switchboard,
}, testInfo) => {
  const app = new AppPage(page);
  await app.signIn(switchboard.loginUrl);
  await page.getByRole('button', { name: 'Add provider' }).first().click();
  const dialog = app.dialog('Add provider');
  await dialog.getByLabel('Provider', { exact: true }).selectOption('custom');
  await dialog.getByRole('button', { name: 'Add provider' }).click();
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(dialog.getByLabel('Base URL')).toHaveAccessibleDescription(/required for custom providers/);
  await app.screenshot(testInfo, 'provider-form-errors');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  const providers = new ProvidersPage(page);
  await providers.add({ name: 'Local llama', slug: 'ollama', defaultModel: 'llama3.1', newKey: 'ollama-key' });
  const tokens = new TokensPage(page);
  await tokens.open('Tokens');
  await page.getByRole('button', { name: 'Issue token' }).click();
  const form = app.dialog('Issue token');
  await form.getByLabel('Name', { exact: true }).fill('llama only');
  await form.getByRole('checkbox', { name: /Local llama/ }).check();
  await form.getByRole('button', { name: 'Issue token' }).click();
  await tokens.closeIssued('llama only');

  await providers.open('Providers');
  await providers.row('Local llama').getByRole('button', { name: 'Delete Local llama' }).click();
  const confirm = app.dialog('Delete Local llama?');
  await expect(confirm.getByRole('list', { name: 'Dependent tokens' })).toContainText('llama only');
  await confirm.getByRole('button', { name: 'Delete provider' }).click();
  await expect(page.getByText('No providers yet')).toBeVisible();
});

test('projects scope every screen, and the switcher remembers the choice', async ({ page, switchboard }) => {
  const app = new AppPage(page);
  await app.signIn(switchboard.loginUrl);
  await page.getByRole('button', { name: 'Manage projects' }).click();
  const dialog = app.dialog('Projects');
  await dialog.getByLabel('New project name').fill('Mobile');
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await expect(dialog.getByRole('list', { name: 'Projects' })).toContainText('Mobile');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByLabel('Project', { exact: true })).toHaveValue(/^prj_/);
  await expect(page.getByLabel('Project', { exact: true }).locator('option:checked')).toHaveText('Mobile');

  await new SecretsPage(page).add('Mobile key', 'sk-mobile');
  await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Default' });
  await expect(page.getByText('No secrets yet')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Project', { exact: true }).locator('option:checked')).toHaveText('Default');
});

test('the keyboard alone rotates a secret: shortcuts, dialog focus and Escape', async ({ page, switchboard }) => {
  const secrets = new SecretsPage(page);
  await secrets.signIn(switchboard.loginUrl);
  await secrets.add('Deploy key', 'sk-first-value');
  const fingerprint = await secrets
    .table()
    .getByRole('row', { name: /Deploy key/ })
    .getByRole('code')
    .textContent();

  await page.keyboard.press('Alt+4');
  await expect(page.getByRole('heading', { level: 1, name: 'Usage' })).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { level: 1, name: 'Secrets' })).toBeVisible();

  await secrets.table().getByRole('button', { name: 'Rotate Deploy key' }).focus();
  await page.keyboard.press('Enter');
  const dialog = secrets.dialog('Rotate Deploy key');
  await expect(dialog.getByLabel('Value')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await secrets.table().getByRole('button', { name: 'Rotate Deploy key' }).press('Enter');
  await page.keyboard.type('sk-second-value');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const row = secrets.table().getByRole('row', { name: /Deploy key/ });
  await expect(row.getByRole('code')).not.toHaveText(fingerprint!);
  await expect(row).not.toContainText('never');
});
