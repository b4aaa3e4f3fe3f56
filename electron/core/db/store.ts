import type { AdminSessionsRepo } from './admin-sessions-repo';
import type { AiProviderTestsRepo } from './ai-provider-tests-repo';
import type { AiProvidersRepo } from './ai-providers-repo';
import type { AuditRepo } from './audit-repo';
import type { BudgetLedger } from './budget-ledger';
import type { BudgetWebhooksRepo } from './budget-webhooks-repo';
import type { BudgetsRepo } from './budgets-repo';
import type { ChangeFeed } from './change-feed';
import type { CustomPricesRepo } from './custom-prices-repo';
import type { GatewaysRepo } from './gateways-repo';
import type { ProjectsRepo } from './projects-repo';
import type { RoutesRepo } from './routes-repo';
import type { RequestLogRepo } from './request-log-repo';
import type { RequestBodiesRepo } from './request-bodies-repo';
import type { SecretsRepo } from './secrets-repo';
import type { SettingsRepo } from './settings-repo';
import type { TokensRepo } from './tokens-repo';
import type { UsageReportsRepo, UsageRowsRepo } from './usage-repo';
import type { UsageRetentionRepo } from './usage-retention-repo';

/** The repositories a transaction writes through: every read and write inside it goes via these. */
export interface StoreTx {
  projects: ProjectsRepo;
  aiProviders: AiProvidersRepo;
  secrets: SecretsRepo;
  tokens: TokensRepo;
  audit: AuditRepo;
  budgets: BudgetsRepo;
  customPrices: CustomPricesRepo;
  budgetWebhooks: BudgetWebhooksRepo;
  routes: RoutesRepo;
}

/**
 * Everything Switchboard keeps, as repositories. Services and the proxy see only this; which
 * database is underneath (the embedded SQLite file today) is the composition root's choice.
 */
export interface Store extends StoreTx {
  usageRows: UsageRowsRepo;
  usageReports: UsageReportsRepo;
  /** Raw usage rows, one per request, for the request log. */
  requestLog: RequestLogRepo;
  /** Pruning of raw usage rows past their retention; rollups stay. */
  usageRetention: UsageRetentionRepo;
  settings: SettingsRepo;
  /** Admin UI sessions and one-time login links (hashes), shared with `switchboard login`. */
  adminSessions: AdminSessionsRepo;
  /** The gateways on this store and their heartbeats. */
  gateways: GatewaysRepo;
  /** Each AI provider's last connection test. */
  aiProviderTests: AiProviderTestsRepo;
  /** Bodies kept for the projects that opt in, and which do. */
  requestBodies: RequestBodiesRepo;
  changes: ChangeFeed;
  /** Reservations and spend per budget and period: what makes spend caps hold under concurrency. */
  budgetLedger: BudgetLedger;
  /**
   * Runs `work` as one write transaction through `tx` and resolves to its result; if `work`
   * rejects, nothing it wrote stays. Writers queue up instead of failing mid-way. Inside `work`,
   * use only `tx` (a server database checks out one connection for it): the store's own
   * repositories and a nested `transaction` are refused there rather than left to wait on it.
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): void;
}
