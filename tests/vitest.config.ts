import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = dirname(fileURLToPath(import.meta.url));

/** They share one throwaway cluster, started only when one of them is in the run. */
const postgresTests = 'tests/integration/postgres-*.test.ts';

/**
 * The integration files that exercise the store (records, tokens, audit, usage, the proxy's
 * lookups and limits), run a second time on PostgreSQL; the proxy's wire-format files are not
 * store-dependent and run on SQLite only.
 */
const storeMatrixTests = [
  'store-basics',
  'store-rules',
  'projects-and-audit',
  'permission-matrix',
  'token-lifecycle',
  'secret-canary',
  'proxy-limits',
  'proxy-admin-changes',
  'budget-reservations',
  'budget-unpriced',
  'proxy-routes',
  'request-log',
  'usage-by-gateway',
].map((name) => `tests/integration/${name}.test.ts`);

/** Node for the core and its tests; PostgreSQL store tests; jsdom for the renderer's store, form and component tests. */
export default defineConfig({
  root: resolve(here, '..'),
  test: {
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'tests/unit/renderer/**', postgresTests],
        },
      },
      {
        extends: true,
        test: { name: 'postgres', include: [postgresTests], globalSetup: ['tests/support/postgres-global-setup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'postgres-store',
          include: storeMatrixTests,
          env: { SWITCHBOARD_TEST_STORE: 'postgres' },
          globalSetup: ['tests/support/postgres-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'renderer', include: ['tests/unit/renderer/**/*.test.{ts,tsx}'], environment: 'jsdom' },
      },
    ],
  },
});
