import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { test as base } from '@playwright/test';
import pg from 'pg';
import { builtCli, spawnServe } from '../support/built-cli';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { makeTempDir } from '../support/temp-dir';
import type { Switchboard } from './fixtures';

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * `switchboard serve` on a team database, as a team runs it: a throwaway PostgreSQL cluster per
 * worker (started only by the specs that use these fixtures), a fresh database per test, and a
 * team key from `switchboard team init` handed over in SWITCHBOARD_TEAM_KEY.
 */
export const test = base.extend<{ switchboard: Switchboard }, { postgres: PostgresCluster }>({
  postgres: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const cluster = await startPostgresCluster();
      await use(cluster);
      await cluster.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  switchboard: async ({ postgres }, use) => {
    const name = `e2e_${randomBytes(6).toString('hex')}`;
    await onServer(postgres.ownerUrl, `CREATE DATABASE ${name}`);
    const url = new URL(postgres.ownerUrl);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();
    const init = spawnSync(process.execPath, [builtCli, 'team', 'init', '--database-url', databaseUrl], {
      env: { ...process.env, SWITCHBOARD_TEAM_KEY: '', SWITCHBOARD_DATABASE_URL: '' },
      input: '',
      encoding: 'utf8',
    });
    if (init.status !== 0) throw new Error(`team init failed: ${init.stderr}`);
    const temp = makeTempDir('switchboard-e2e-team-');
    const serve = await spawnServe(['--port', '0', '--data-dir', temp.dir], {
      SWITCHBOARD_DATABASE_URL: databaseUrl,
      SWITCHBOARD_TEAM_KEY: init.stdout.trim(),
    });
    const agentEndpoint = serve.lines['Agent endpoint']!;
    await use({
      loginUrl: serve.lines['Admin UI']!,
      baseUrl: agentEndpoint.replace(/\/v3$/, ''),
      agentEndpoint,
      dataDir: temp.dir,
      process: serve,
    });
    await serve.stop();
    temp.cleanup();
    await onServer(postgres.ownerUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  },
});
