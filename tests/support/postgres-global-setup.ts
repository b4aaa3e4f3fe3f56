import type { TestProject } from 'vitest/node';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's owner role (CREATEDB, CREATEROLE); see tests/support/postgres-database.ts. */
    postgresOwnerUrl: string;
  }
}

/** The cluster and how many projects use it, kept on globalThis: each project may load this module anew. */
interface Shared {
  cluster: Promise<PostgresCluster>;
  users: number;
}
const sharedKey = Symbol.for('switchboard.postgresTestCluster');
const holder = globalThis as unknown as Record<symbol, Shared | undefined>;

/**
 * One PostgreSQL cluster for the whole run, started before the first test file that needs it and
 * stopped after the last, shared by the projects that need one (the PostgreSQL tests and the
 * store matrix). Fails the run when PostgreSQL is not installed: these tests never skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const shared = (holder[sharedKey] ??= { cluster: startPostgresCluster(), users: 0 });
  shared.users++;
  const cluster = await shared.cluster;
  project.provide('postgresOwnerUrl', cluster.ownerUrl);
  if (process.env.SWITCHBOARD_TEST_VERBOSE) {
    process.stderr.write(`PostgreSQL ${cluster.version} test cluster ready in ${Math.round(performance.now() - started)} ms\n`);
  }
  return async () => {
    if (--shared.users > 0) return;
    holder[sharedKey] = undefined;
    await cluster.stop();
  };
}
