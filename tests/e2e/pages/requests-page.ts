import { expect } from '@playwright/test';
import { AppPage } from './app-page';

export class RequestsPage extends AppPage {
  table() {
    return this.page.getByRole('table', { name: 'Requests' });
  }

  detail() {
    return this.page.getByRole('complementary', { name: 'Request details' });
  }

  /** The value beside a label in the detail panel. */
  fact(label: string) {
    return this.detail()
      .locator('dt', { hasText: new RegExp(`^${label}$`) })
      .locator('xpath=following-sibling::dd[1]');
  }

  async searchRequestId(requestId: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Request id' }).fill(requestId);
    await this.page.getByRole('searchbox', { name: 'Request id' }).press('Enter');
    await expect(this.detail()).toBeVisible();
  }
}
