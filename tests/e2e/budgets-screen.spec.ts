import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';

test('an admin caps the project per month and sees spent, reserved and cap with a bar', async ({ page, switchboard }, testInfo) => {
  const app = new AppPage(page);
  await app.signIn(switchboard.loginUrl);
  await app.open('Budgets');
  await expect(page.getByText('No budgets yet')).toBeVisible();

  await page.getByRole('button', { name: 'New budget' }).click();
  const form = app.dialog('New budget');
  await form.getByLabel('Name', { exact: true }).fill('CI monthly');
  await form.getByLabel('Caps', { exact: true }).selectOption('project');
  await form.getByLabel('Period', { exact: true }).selectOption('monthly');
  await form.getByLabel('Cap (US dollars)').fill('50');
  await form.getByRole('button', { name: 'Create budget' }).click();
  await expect(form).toHaveCount(0);

  const row = page
    .getByRole('table', { name: 'Budgets' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'CI monthly' }) });
  await expect(row).toContainText('Monthly');
  await expect(row).toContainText('$50.00');
  await expect(row.getByRole('meter', { name: 'CI monthly: $0.00 spent, $0.00 reserved of $50.00' })).toBeVisible();
  await expect(app.statusBar()).toContainText('Budget CI monthly: $0.00 of $50.00');
  await app.screenshot(testInfo, 'budgets');

  await row.getByRole('button', { name: 'Delete' }).click();
  await app.dialog('Delete CI monthly?').getByRole('button', { name: 'Delete budget' }).click();
  await expect(page.getByText('No budgets yet')).toBeVisible();
});
