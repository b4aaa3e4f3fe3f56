import { expect, test } from '@playwright/test';
import { startTeamGateway, type TeamGateway } from '../support/gateway-cluster';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { withClient } from '../support/postgres-database';

/** Three `switchboard serve` processes on one PostgreSQL, heartbeating every half second. */
test.describe('the Gateways screen on a team database', () => {
  let cluster: PostgresCluster;
  const gateways: TeamGateway[] = [];

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    cluster = await startPostgresCluster();
    await withClient(cluster.ownerUrl, (client) => client.query('CREATE DATABASE gateways_e2e'));
    const url = new URL(cluster.ownerUrl);
    url.pathname = '/gateways_e2e';
    const env = { SWITCHBOARD_GATEWAY_HEARTBEAT_MS: '500', SWITCHBOARD_GATEWAY_SILENT_AFTER_MS: '2000' };
    for (const name of ['a', 'b', 'c']) gateways.push(await startTeamGateway(name, url.toString(), env));
  });
  test.afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop('SIGKILL')));
    await cluster?.stop();
  });

  test('shows the three gateways live, then one as silent after it was killed', async ({ page, context }) => {
    const [a, , c] = gateways;
    const [name, value] = a!.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: a!.baseUrl }]);
    await page.goto(`${a!.baseUrl}/#/gateways`);
    const table = page.getByRole('table', { name: 'Gateways' });
    const rows = table.getByRole('row').filter({ has: page.getByRole('rowheader') });
    await expect(rows).toHaveCount(3);
    await expect(rows.filter({ hasText: 'Live' })).toHaveCount(3);
    await expect(rows.filter({ hasText: 'this one' })).toHaveCount(1);

    const silentId = (await c!.api('GET', '/gateways')).body.items.find((g: { isSelf: boolean }) => g.isSelf).id as string;
    await c!.stop('SIGKILL');
    const silent = rows.filter({ hasText: silentId });
    await expect(silent.getByText('Silent')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('status').filter({ hasText: 'sent no heartbeat' })).toBeVisible();
    await expect(rows.filter({ hasText: 'Live' })).toHaveCount(2);

    // Each gateway links to what it served: the Usage screen filtered to it, which can also group by gateway.
    const selfId = (await a!.api('GET', '/gateways')).body.items.find((g: { isSelf: boolean }) => g.isSelf).id as string;
    await page.getByRole('link', { name: new RegExp(`^Usage of .*${selfId}$`) }).click();
    await expect(page).toHaveURL(new RegExp(`#/usage\\?.*gateway=${selfId}`));
    await expect(page.getByLabel('Gateway', { exact: true })).toHaveValue(selfId);
    await page.getByLabel('Group by').selectOption('gateway');
    await expect(page).toHaveURL(/groupBy=gateway/);
  });
});
