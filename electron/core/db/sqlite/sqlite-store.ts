import { isoNow, type Clock } from '../../clock';
import type { Logger } from '../../log';
import { openDatabase, writeTransaction } from '../database';
import { createAdminSessionsRepo } from '../repos/admin-sessions-repo';
import { createAiProvidersRepo } from '../repos/ai-providers-repo';
import { createAuditRepo } from '../repos/audit-repo';
import { createProjectsRepo } from '../repos/projects-repo';
import { createSecretsRepo } from '../repos/secrets-repo';
import { createTokensRepo } from '../repos/tokens-repo';
import type { Store } from '../store';
import { createSqliteChangeFeed } from './change-feed';
import { createSqliteSettings } from './settings';
import { createSqliteUsageReports } from './usage-reports';
import { createSqliteUsageRows } from './usage-rows';

/** The embedded store: one SQLite file (WAL), migrated on open. `db` is for tests and tools only. */
export function openSqliteStore(file: string, deps: { log: Logger; clock: Clock }) {
  const db = openDatabase(file, deps.log);
  const store: Store = {
    projects: createProjectsRepo(db),
    aiProviders: createAiProvidersRepo(db),
    secrets: createSecretsRepo(db),
    tokens: createTokensRepo(db),
    audit: createAuditRepo(db),
    usageRows: createSqliteUsageRows(db, () => isoNow(deps.clock)),
    usageReports: createSqliteUsageReports(db, deps.log),
    settings: createSqliteSettings(db),
    adminSessions: createAdminSessionsRepo(db),
    changes: createSqliteChangeFeed(db),
    transaction: (work) => writeTransaction(db, work),
    close: () => db.close(),
  };
  return Object.assign(store, { db });
}
