import Database from 'better-sqlite3';
import path from 'node:path';
import type { UsageExportRow, UsageSummary } from '../../shared/operations';
import { insertDailyRollups, type DailyRollup } from '../support/usage-rollups';
import { expect, test } from './fixtures';
import { UsagePage } from './pages/usage-page';

/** Sixty days of rollups written into the server's database file, as the recorder would leave them. */
function seedRollups(dataDir: string): void {
  const db = new Database(path.join(dataDir, 'switchboard.db'), { timeout: 5000 });
  const projectId = db.prepare('SELECT id FROM projects WHERE is_default = 1').pluck().get() as string;
  const rows: DailyRollup[] = [];
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  for (let i = 0; i < 60; i++) {
    const day = new Date(today - i * 86_400_000).toISOString().slice(0, 10);
    rows.push(
      {
        day,
        projectId,
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        pipeline: 'deploy',
        requests: 40 + i,
        errors: i % 7 === 0 ? 3 : 0,
        inputTokens: 40_000 + i * 500,
        outputTokens: 9_000,
        costMicroUsd: 255_000,
      },
      {
        day,
        projectId,
        provider: 'openai',
        model: 'gpt-4.1',
        pipeline: 'lint',
        authMethod: 'hosted',
        requests: 25,
        inputTokens: 12_000,
        outputTokens: 3_000,
        costMicroUsd: 48_000,
      },
      {
        day,
        projectId,
        provider: 'ollama',
        model: 'llama3.1',
        pipeline: 'nightly',
        requests: 5,
        inputTokens: 2_000,
        outputTokens: 800,
        unpricedRequests: 5,
      },
    );
  }
  insertDailyRollups(db, rows);
  db.close();
}

test('the usage screen charts a range, groups it, and exports exactly what the API reports', async ({ page, switchboard }, testInfo) => {
  seedRollups(switchboard.dataDir);
  const usage = new UsagePage(page);
  await usage.signIn(switchboard.loginUrl);
  await usage.open('Usage');
  await page.getByLabel('Date range').selectOption({ label: 'Last 30 days' });

  const api = async <T>(query: string) => (await (await page.request.get(`${switchboard.baseUrl}/api/v1/usage/${query}`)).json()) as T;
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  const byModel = await api<UsageSummary>(`summary?from=${from}&to=${today}&groupBy=model`);
  await usage.expectRequests(byModel.totals.requests);
  await expect(usage.total('Cost')).toHaveText(/^\$\d+\.\d\d$/);
  await expect(page.getByText('+ 150 unpriced requests (no price in the price table)')).toBeVisible();

  for (const title of ['Tokens over time, by model', 'Requests and errors over time', 'Cost by provider', 'Top pipelines']) {
    await expect(usage.chart(title)).toBeVisible();
  }
  await expect(usage.chart('Tokens over time, by model').locator('.recharts-area')).toHaveCount(3);
  await expect(page.getByText('Not in the chart: 150 unpriced requests (Ollama)')).toBeVisible();
  const rows = usage.table().getByRole('row');
  await expect(rows.nth(1).getByRole('rowheader')).toHaveText('claude-sonnet-4-5');
  await expect(usage.table().getByRole('row', { name: /llama3\.1/ })).toContainText('unpriced');
  await usage.screenshot(testInfo, 'usage');

  await usage.groupBy('Pipeline');
  await expect(usage.table()).toHaveAccessibleName('Usage by pipeline');
  await expect(usage.table().getByRole('rowheader')).toHaveText(['deploy', 'lint', 'nightly', 'Total']);

  const byPipeline = await api<UsageSummary>(`summary?from=${from}&to=${today}&groupBy=pipeline`);
  const csv = await usage.export('CSV');
  expect(csv.filename).toBe(`switchboard-usage-${from}-to-${today}-by-pipeline.csv`);
  const [header, ...lines] = csv.text.trimEnd().split('\r\n');
  expect(header).toBe(
    'day,groupBy,key,label,requests,errors,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,costUsd,unpricedRequests',
  );
  expect(lines).toHaveLength(30 * 3);
  const csvRequests = new Map<string, number>();
  for (const line of lines) {
    const cells = line.split(',');
    csvRequests.set(cells[2]!, (csvRequests.get(cells[2]!) ?? 0) + Number(cells[4]));
  }
  expect(Object.fromEntries(csvRequests)).toEqual(Object.fromEntries(byPipeline.groups.map((g) => [g.key, g.requests])));

  const json = await usage.export('JSON');
  const body = JSON.parse(json.text) as { rows: UsageExportRow[] };
  // JSON numbers are numbers; CSV writes the same cost with its six decimals.
  expect(body.rows.map((r) => [r.day, r.key, String(r.requests), r.costUsd === null ? '' : r.costUsd.toFixed(6)])).toEqual(
    lines.map((l) => l.split(',')).map((c) => [c[0], c[2], c[4], c[10]]),
  );
  expect(body.rows.find((r) => r.key === 'nightly')).toMatchObject({ costUsd: null, unpricedRequests: 5 });

  // The printable report: the view alone, without navigation or controls.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByText(/^Usage report /)).toBeVisible();
  await usage.screenshot(testInfo, 'usage-print');
});

test('an empty range says so instead of drawing empty charts', async ({ page, switchboard }) => {
  const usage = new UsagePage(page);
  await usage.signIn(switchboard.loginUrl);
  await usage.open('Usage');
  await expect(page.getByText('No usage in this range')).toBeVisible();
  await expect(page.getByRole('figure')).toHaveCount(0);
});
