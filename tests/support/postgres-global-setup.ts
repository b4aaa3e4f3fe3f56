import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's owner role (CREATEDB, CREATEROLE); see tests/support/postgres-database.ts. */
    postgresOwnerUrl: string;
  }
}

/**
 * One PostgreSQL cluster for the whole run, started before the first test file that needs it and
 * stopped after the last. Fails the run when PostgreSQL is not installed: these tests never skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const cluster = await startPostgresCluster();
  project.provide('postgresOwnerUrl', cluster.ownerUrl);
  if (process.env.SWITCHBOARD_TEST_VERBOSE) {
    process.stderr.write(`PostgreSQL ${cluster.version} test cluster ready in ${Math.round(performance.now() - started)} ms\n`);
  }
  return () => cluster.stop();
}
