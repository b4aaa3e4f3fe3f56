import { isoNow, type Clock } from '../../clock';
import type { Logger } from '../../log';
import type { Store, StoreTx } from '../store';
import { createAdminSessionsRepo } from './admin-sessions-repo';
import { createAiProviderTestsRepo } from './ai-provider-tests-repo';
import { createSqliteRequestBodies } from './request-bodies';
import { createAiProvidersRepo } from './ai-providers-repo';
import { createAuditRepo } from './audit-repo';
import { createSqliteBudgetLedger } from './budget-ledger';
import { createSqliteBudgetsRepo } from './budgets-repo';
import { createSqliteBudgetWebhooksRepo } from './budget-webhooks-repo';
import { createSqliteCustomPricesRepo } from './custom-prices-repo';
import { createSqliteChangeFeed } from './change-feed';
import { createGatewaysRepo } from './gateways-repo';
import { createConnectionGate, type StatementRunner } from './connection-gate';
import { openDatabase, type Db } from './database';
import { createProjectsRepo } from './projects-repo';
import { promised } from './promised';
import { createRoutesRepo } from './routes-repo';
import { createSqliteRequestLog } from './request-log';
import { createSecretsRepo } from './secrets-repo';
import { createSqliteSettings } from './settings';
import { createTokensRepo } from './tokens-repo';
import { createSqliteUsageReports } from './usage-reports';
import { createSqliteUsageRows } from './usage-rows';
import { createSqliteUsageRetention } from './usage-retention';

/** The embedded store: one SQLite file (WAL), migrated on open. `db` is for tests and tools only. */
export function openSqliteStore(file: string, deps: { log: Logger; clock: Clock }) {
  const db = openDatabase(file, deps.log);
  const gate = createConnectionGate(db);
  const repos = recordRepos(db);
  const through = (run: StatementRunner): StoreTx => ({
    projects: promised(repos.projects, run),
    aiProviders: promised(repos.aiProviders, run),
    secrets: promised(repos.secrets, run),
    tokens: promised(repos.tokens, run),
    audit: promised(repos.audit, run),
    budgets: promised(repos.budgets, run),
    customPrices: promised(repos.customPrices, run),
    budgetWebhooks: promised(repos.budgetWebhooks, run),
    routes: promised(repos.routes, run),
  });
  const store: Store = {
    ...through(gate.run),
    usageRows: promised(
      createSqliteUsageRows(db, () => isoNow(deps.clock)),
      gate.run,
    ),
    usageReports: createSqliteUsageReports(db, deps.log, gate.run),
    requestLog: promised(createSqliteRequestLog(db, deps.log), gate.run),
    usageRetention: promised(createSqliteUsageRetention(db), gate.run),
    settings: promised(createSqliteSettings(db), gate.run),
    adminSessions: promised(createAdminSessionsRepo(db), gate.run),
    gateways: promised(createGatewaysRepo(db), gate.run),
    aiProviderTests: promised(createAiProviderTestsRepo(db), gate.run),
    requestBodies: promised(createSqliteRequestBodies(db), gate.run),
    changes: createSqliteChangeFeed(db),
    budgetLedger: promised(createSqliteBudgetLedger(db), gate.run),
    transaction: (work) => gate.transaction((inside) => work(through(inside))),
    close: () => db.close(),
  };
  return Object.assign(store, { db });
}

/** The synchronous repositories over the one connection; the gate decides when each call runs. */
function recordRepos(db: Db) {
  return {
    projects: createProjectsRepo(db),
    aiProviders: createAiProvidersRepo(db),
    secrets: createSecretsRepo(db),
    tokens: createTokensRepo(db),
    audit: createAuditRepo(db),
    budgets: createSqliteBudgetsRepo(db),
    customPrices: createSqliteCustomPricesRepo(db),
    budgetWebhooks: createSqliteBudgetWebhooksRepo(db),
    routes: createRoutesRepo(db),
  };
}
