import type { ChangeFeed } from './change-feed';
import type { AdminSessionsRepo } from './repos/admin-sessions-repo';
import type { AiProvidersRepo } from './repos/ai-providers-repo';
import type { AuditRepo } from './repos/audit-repo';
import type { ProjectsRepo } from './repos/projects-repo';
import type { SecretsRepo } from './repos/secrets-repo';
import type { TokensRepo } from './repos/tokens-repo';
import type { SettingsRepo } from './settings-repo';
import type { UsageReportsRepo, UsageRowsRepo } from './usage-repo';

/**
 * Everything Switchboard keeps, as repositories. Services and the proxy see only this; which
 * database is underneath (the embedded SQLite file today) is the composition root's choice.
 */
export interface Store {
  projects: ProjectsRepo;
  aiProviders: AiProvidersRepo;
  secrets: SecretsRepo;
  tokens: TokensRepo;
  audit: AuditRepo;
  usageRows: UsageRowsRepo;
  usageReports: UsageReportsRepo;
  settings: SettingsRepo;
  /** Admin UI sessions and one-time login links (hashes), shared with `switchboard login`. */
  adminSessions: AdminSessionsRepo;
  changes: ChangeFeed;
  /** Runs `work` as one write transaction: writers queue up instead of failing mid-way. */
  transaction<T>(work: () => T): T;
  close(): void;
}
