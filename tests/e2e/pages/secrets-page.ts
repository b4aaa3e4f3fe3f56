import { expect } from '@playwright/test';
import { AppPage } from './app-page';

export class SecretsPage extends AppPage {
  table() {
    return this.page.getByRole('table', { name: 'Secrets' });
  }

  async add(name: string, value: string): Promise<void> {
    await this.open('Secrets');
    await this.page.getByRole('button', { name: 'Add secret' }).click();
    const dialog = this.dialog('Add secret');
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Value').fill(value);
    await dialog.getByRole('button', { name: 'Save secret' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.table().getByRole('rowheader', { name })).toBeVisible();
  }
}
