import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = dirname(fileURLToPath(import.meta.url));

/** They share one throwaway cluster, started only when one of them is in the run. */
const postgresTests = 'tests/integration/postgres-*.test.ts';

/**
 * The integration files that exercise the store (records, tokens, audit, usage, the proxy's
 * lookups and limits, MCP), run a second time on PostgreSQL. On SQLite only, and why:
 * file-modes, migrations, store-transactions (SQLite's file, its migrations and its locking);
 * remembered-port, provider-test-results, keychain-*, desktop-*, serve-*, deploy-recipes
 * (boot on a data directory or spawn the CLI, whose team-database runs the postgres-* files cover);
 * budget-periods (restarts a gateway on its store, and the harness gives each start a fresh database);
 * readiness (it closes the store and asks at once; a PostgreSQL store closes asynchronously).
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
  'request-bodies',
  'token-concurrency',
  'usage-api',
  'usage-recorder',
  'mcp-http',
  'mcp-permissions',
  'mcp-stdio',
  'proxy-client-errors',
  'proxy-client-libraries',
  'proxy-clients',
  'proxy-concurrency',
  'proxy-error-status',
  'proxy-faults',
  'proxy-http2',
  'proxy-operations',
  'proxy-providers',
  'proxy-redaction',
  'proxy-ssrf',
  'proxy-usage-unknown',
  'proxy-websocket',
  'budget-alerts',
  'concurrent-edits',
  'gateway-settings',
  'gateways',
  'prometheus-metrics',
  'request-log-line',
  'opentelemetry-export',
  'rest-fuzz',
  'fuzz-no-500',
  'slow-clients',
  'headless-server',
  'usage-retention',
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
