import { expect, type Page, type TestInfo } from '@playwright/test';

export type ScreenName =
  'Providers' | 'Secrets' | 'Tokens' | 'Budgets' | 'Usage' | 'Requests' | 'Audit log' | 'Gateways' | 'Settings' | 'Routes';

/** The shell: sign-in, navigation, status bar and screenshots. */
export class AppPage {
  constructor(readonly page: Page) {}

  async signIn(loginUrl: string): Promise<void> {
    await this.page.goto(loginUrl);
    await expect(this.page.locator('[data-app-state="loaded"]')).toBeVisible();
  }

  async open(screen: ScreenName): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: screen })).toBeVisible();
  }

  statusBar() {
    return this.page.getByRole('status', { name: 'Status' });
  }

  dialog(name: string | RegExp) {
    return this.page.getByRole('dialog', { name });
  }

  async screenshot(testInfo: TestInfo, name: string): Promise<void> {
    await this.page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  }
}
