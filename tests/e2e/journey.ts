import Anthropic from '@anthropic-ai/sdk';
import type { Page, TestInfo } from '@playwright/test';
import type { UsageExportRow, UsageSummary } from '../../shared/operations';
import type { FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { expect, type Switchboard } from './fixtures';
import { AppPage } from './pages/app-page';
import { ProvidersPage } from './pages/providers-page';
import { SecretsPage } from './pages/secrets-page';
import { TokensPage } from './pages/tokens-page';
import { UsagePage } from './pages/usage-page';

const question = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Say hello' }] };

/**
 * A new user's first session, on whichever store the gateway runs: wires a provider, issues a job
 * token, watches usage arrive, exports it and revokes the token (journey.spec.ts on the data
 * directory's SQLite file, journey-team-store.spec.ts on a team database).
 */
export async function newUserJourney(
  { page, switchboard, upstream }: { page: Page; switchboard: Switchboard; upstream: FakeUpstream },
  testInfo: TestInfo,
): Promise<void> {
  const app = new AppPage(page);
  await app.signIn(switchboard.loginUrl);

  // A key in the vault, and a provider pointing at the (fake) upstream that uses it.
  const secrets = new SecretsPage(page);
  await secrets.add('Anthropic key', 'sk-ant-journey-key');
  await app.screenshot(testInfo, 'secrets');
  const providers = new ProvidersPage(page);
  await providers.add({
    name: 'Anthropic',
    slug: 'anthropic',
    defaultModel: 'fake-model-1',
    baseUrl: upstream.url,
    secretName: 'Anthropic key',
  });
  const result = await providers.testConnection('Anthropic');
  await expect(result).toContainText('✓ Connected');
  await expect(result).toContainText('key accepted');
  await expect(result).toContainText('model known');
  await expect(result).toContainText(/\d+ ms/);
  await app.screenshot(testInfo, 'providers');

  // A job token for the deploy pipeline.
  const tokens = new TokensPage(page);
  const token = await tokens.issueJobToken('deploy pipeline', { pipeline: 'deploy' });
  await app.screenshot(testInfo, 'token-issued');
  await tokens.closeIssued('deploy pipeline');
  await app.screenshot(testInfo, 'tokens');

  // The Usage screen is empty, then fills in while requests flow through the proxy.
  const usage = new UsagePage(page);
  await usage.open('Usage');
  await page.getByLabel('Date range').selectOption({ label: 'Today' });
  await expect(page.getByText('No usage in this range')).toBeVisible();

  const client = new Anthropic({ baseURL: `${switchboard.agentEndpoint}/ai/anthropic`, apiKey: token, maxRetries: 0 });
  const plain = await client.messages.create(question, { headers: { 'x-fake-input': '100000' } });
  expect(plain.usage).toMatchObject({ input_tokens: 100_000, output_tokens: 6 });
  await usage.expectRequests(1);

  const stream = client.messages.stream(question, { headers: { 'x-fake-input': '50000', 'x-fake-chunks': '5' } });
  const streamed = await stream.finalMessage();
  expect(streamed.usage.output_tokens).toBe(10);
  await usage.expectRequests(2);
  await expect(usage.total('Tokens')).toHaveText('150K');
  // 150,000 input × $1/M + 16 output × $5/M = $0.150080
  await expect(usage.total('Cost')).toHaveText('$0.1501');
  await expect(usage.chart('Tokens over time, by model')).toBeVisible();
  await expect(usage.chart('Top pipelines')).toContainText('deploy');
  await expect(usage.table().getByRole('row', { name: /claude-haiku-4-5/ })).toContainText('150,000');
  await expect(app.statusBar()).toContainText(/[12] req\/min/);
  await app.screenshot(testInfo, 'usage');

  // Exports hold exactly what the usage API reports for the same view.
  const today = new Date().toISOString().slice(0, 10);
  const summary = (await (
    await page.request.get(`${switchboard.baseUrl}/api/v1/usage/summary?from=${today}&to=${today}&groupBy=model`)
  ).json()) as UsageSummary;
  expect(summary.totals).toMatchObject({ requests: 2, inputTokens: 150_000, outputTokens: 16, costMicroUsd: 150_080, unpricedRequests: 0 });
  const csv = await usage.export('CSV');
  expect(csv.text.trimEnd().split('\r\n').slice(1)).toEqual([
    `${today},model,claude-haiku-4-5,claude-haiku-4-5,2,0,150000,16,0,0,0.150080,0`,
  ]);
  const json = JSON.parse((await usage.export('JSON')).text) as { rows: UsageExportRow[] };
  expect(json.rows).toEqual([
    {
      day: today,
      groupBy: 'model',
      key: 'claude-haiku-4-5',
      label: 'claude-haiku-4-5',
      requests: 2,
      errors: 0,
      inputTokens: 150_000,
      outputTokens: 16,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.15008,
      unpricedRequests: 0,
    },
  ]);
  expect(summary.groups.map((g) => [g.key, g.requests, g.costMicroUsd])).toEqual([['claude-haiku-4-5', 2, 150_080]]);

  // Revoked: the very next request is refused, and the upstream never sees it.
  await tokens.revoke('deploy pipeline');
  const seen = upstream.received.length;
  await expect(client.messages.create(question)).rejects.toMatchObject({ status: 401 });
  expect(upstream.received.length).toBe(seen);

  await app.open('Audit log');
  await expect(page.getByRole('table', { name: 'Audit events' })).toContainText('revoked token deploy pipeline');
  await app.screenshot(testInfo, 'audit');
  await app.open('Settings');
  await expect(page.getByRole('main').getByText(switchboard.agentEndpoint, { exact: true })).toBeVisible();
  await expect(page.getByText(/Prices as of \d{4}-\d\d-\d\d/)).toBeVisible();
  await app.screenshot(testInfo, 'settings');
}
