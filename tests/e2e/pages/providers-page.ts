import { expect } from '@playwright/test';
import { AppPage } from './app-page';

export interface ProviderDetails {
  name: string;
  slug: string;
  defaultModel: string;
  baseUrl?: string;
  /** Link this existing secret (by name); otherwise `newKey` is entered. */
  secretName?: string;
  newKey?: string;
  hosted?: boolean;
}

export class ProvidersPage extends AppPage {
  table() {
    return this.page.getByRole('table', { name: 'Providers' });
  }

  row(name: string) {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name }) });
  }

  async add(details: ProviderDetails): Promise<void> {
    await this.open('Providers');
    await this.page.getByRole('button', { name: 'Add provider' }).first().click();
    const dialog = this.dialog('Add provider');
    await dialog.getByLabel('Name', { exact: true }).fill(details.name);
    await dialog.getByLabel('Provider', { exact: true }).selectOption(details.slug);
    await dialog.getByLabel('Default model').fill(details.defaultModel);
    if (details.hosted) await dialog.getByRole('radio', { name: /Hosted/ }).check();
    if (details.baseUrl) await dialog.getByLabel(/Base URL|Hosted endpoint URL/).fill(details.baseUrl);
    if (details.secretName) {
      await dialog.getByRole('radio', { name: 'Use an existing secret' }).check();
      const select = dialog.getByLabel('Secret', { exact: true });
      const value = await select.locator('option', { hasText: details.secretName }).getAttribute('value');
      await select.selectOption(value!);
    } else if (details.newKey) {
      await dialog.getByRole('radio', { name: /^Enter a new/ }).check();
      await dialog.getByLabel(/^(API key|Platform token)$/).fill(details.newKey);
    }
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.row(details.name)).toBeVisible();
  }

  async testConnection(name: string) {
    await this.row(name)
      .getByRole('button', { name: `Test connection of ${name}` })
      .click();
    return this.row(name)
      .getByRole('cell')
      .filter({ hasText: /Connected|Failed/ });
  }
}
