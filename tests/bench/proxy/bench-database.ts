import pg from 'pg';
import { startPostgresCluster } from '../../support/postgres-cluster';

export interface BenchDatabase {
  url: string;
  stop(): Promise<void>;
}

/** A throwaway PostgreSQL cluster (the tests' own) with one empty database for a benchmark run. */
export async function startBenchDatabase(): Promise<BenchDatabase> {
  const cluster = await startPostgresCluster();
  const client = new pg.Client({ connectionString: cluster.ownerUrl });
  await client.connect();
  await client.query('CREATE DATABASE switchboard_bench');
  await client.end();
  const url = new URL(cluster.ownerUrl);
  url.pathname = '/switchboard_bench';
  return { url: url.toString(), stop: () => cluster.stop() };
}
