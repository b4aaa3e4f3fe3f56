import { expect } from '@playwright/test';
import { AppPage } from './app-page';

export class TokensPage extends AppPage {
  table() {
    return this.page.getByRole('table', { name: 'Tokens' });
  }

  row(name: string) {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name }) });
  }

  /** Issues a job token and returns its value, read from the one-time dialog (left open). */
  async issueJobToken(name: string, labels: Record<string, string> = {}): Promise<string> {
    await this.open('Tokens');
    await this.page.getByRole('button', { name: 'Issue token' }).click();
    const form = this.dialog('Issue token');
    await form.getByLabel('Name', { exact: true }).fill(name);
    for (const [label, value] of Object.entries(labels))
      await form.getByLabel(label[0]!.toUpperCase() + label.slice(1), { exact: true }).fill(value);
    await form.getByRole('button', { name: 'Issue token' }).click();
    const issued = this.dialog(`Token “${name}” issued`);
    await expect(issued).toBeVisible();
    return issued.getByLabel('Token', { exact: true }).inputValue();
  }

  async closeIssued(name: string): Promise<void> {
    await this.dialog(`Token “${name}” issued`).getByRole('button', { name: 'Done' }).click();
    await expect(this.row(name)).toBeVisible();
  }

  async revoke(name: string): Promise<void> {
    await this.open('Tokens');
    await this.row(name)
      .getByRole('button', { name: `Revoke ${name}` })
      .click();
    await this.dialog(`Revoke ${name}?`).getByRole('button', { name: 'Revoke token' }).click();
    await expect(this.row(name).getByText('Revoked')).toBeVisible();
  }
}
