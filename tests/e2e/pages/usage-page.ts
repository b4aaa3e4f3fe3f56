import { expect, type Download } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { AppPage } from './app-page';

export class UsagePage extends AppPage {
  total(name: 'Requests' | 'Tokens' | 'Cost' | 'Errors') {
    return this.page.getByRole('region', { name: 'Totals' }).getByTestId(`total-${name.toLowerCase()}`);
  }

  chart(title: string | RegExp) {
    return this.page.getByRole('figure', { name: title });
  }

  table() {
    return this.page.getByRole('table', { name: /^Usage by / });
  }

  async groupBy(label: string): Promise<void> {
    await this.page.getByLabel('Group by').selectOption({ label });
  }

  /** Clicks an export button and returns the downloaded file's name and text. */
  async export(format: 'CSV' | 'JSON'): Promise<{ filename: string; text: string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: `Export ${format}` }).click(),
    ]);
    return { filename: (download as Download).suggestedFilename(), text: await readFile(await (download as Download).path(), 'utf8') };
  }

  async expectRequests(count: number): Promise<void> {
    await expect(this.total('Requests')).toHaveText(count.toLocaleString('en-US'), { timeout: 15_000 });
  }
}
