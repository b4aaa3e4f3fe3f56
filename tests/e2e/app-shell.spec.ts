import { expect, test } from './fixtures';

const screens = ['Providers', 'Secrets', 'Tokens', 'Usage', 'Routes', 'Settings'];

test('the printed login URL opens the admin UI and the shell navigates', async ({ page, switchboard }, testInfo) => {
  await page.goto(switchboard.loginUrl);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
  await expect(page).toHaveURL(`${switchboard.baseUrl}/`);

  const status = page.getByRole('status', { name: 'Status' });
  await expect(status).toContainText(switchboard.agentEndpoint);
  await expect(status).toContainText(switchboard.dataDir);
  await expect(status).toContainText(/Switchboard \d+\.\d+\.\d+/);

  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of screens) {
    await nav.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
    await page.screenshot({ path: testInfo.outputPath(`${name.toLowerCase()}.png`), fullPage: true });
  }

  // The screen survives a reload (hash route) and the session cookie keeps us signed in.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByText(switchboard.dataDir).first()).toBeVisible();
});

test('the keyboard reaches every screen', async ({ page, switchboard }) => {
  await page.goto(switchboard.loginUrl);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
  await page.getByRole('link', { name: 'Providers' }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Secrets' })).toBeVisible();
});

test('without the login URL the UI and API answer 401, and the login URL works once', async ({ page, browser, switchboard }) => {
  const anonymous = await page.goto(`${switchboard.baseUrl}/`);
  expect(anonymous?.status()).toBe(401);
  await expect(page.getByText('login link')).toBeVisible();
  const api = await page.request.get(`${switchboard.baseUrl}/api/v1/system/status`);
  expect(api.status()).toBe(401);
  expect(await api.json()).toMatchObject({ error: { code: 'unauthorized' } });

  await page.goto(switchboard.loginUrl);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();

  const other = await browser.newContext();
  const reused = await other.newPage().then((p) => p.goto(switchboard.loginUrl));
  expect(reused?.status()).toBe(401);
  await other.close();
});

test('signing out ends the session and shows how to get a new link', async ({ page, switchboard }) => {
  await page.goto(switchboard.loginUrl);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Switchboard' })).toBeVisible();
  await expect(page.getByText('npx switchboard login')).toBeVisible();
  expect((await page.request.get(`${switchboard.baseUrl}/api/v1/system/status`)).status()).toBe(401);
});
