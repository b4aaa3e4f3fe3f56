import { expect, test } from './fixtures';
import { ProvidersPage } from './pages/providers-page';

test('an admin creates a route over two providers and sees each target healthy', async ({ page, switchboard }, testInfo) => {
  const providers = new ProvidersPage(page);
  await providers.signIn(switchboard.loginUrl);
  await providers.add({ name: 'Claude primary', slug: 'anthropic', defaultModel: 'claude-sonnet-4-5', newKey: 'sk-ant-primary-000000' });
  await providers.add({ name: 'Claude backup', slug: 'anthropic', defaultModel: 'claude-sonnet-4-5', newKey: 'sk-ant-backup-0000000' });

  await providers.open('Routes');
  await page.getByRole('button', { name: 'New route' }).click();
  const dialog = providers.dialog('New route');
  await dialog.getByLabel('Name', { exact: true }).fill('claude');
  await dialog.getByLabel('Target 1 provider').selectOption({ label: 'Claude primary (anthropic)' });
  await dialog.getByRole('button', { name: 'Add target' }).click();
  await dialog.getByLabel('Target 2 provider').selectOption({ label: 'Claude backup (anthropic)' });
  await dialog.getByLabel('Target 2 model override').fill('claude-haiku-4-5');
  await dialog.getByRole('button', { name: 'Create route' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('table', { name: 'Routes' }).getByRole('row', { name: /claude/ });
  await expect(row).toContainText('Claude primary');
  await expect(row).toContainText('Claude backup → claude-haiku-4-5');
  await expect(row.getByText('Healthy')).toHaveCount(2);
  await expect(row).toContainText('1 retry');
  await providers.screenshot(testInfo, 'routes');
});
