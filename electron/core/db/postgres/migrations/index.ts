import type { PostgresMigration } from '../migrate';
import { p001Initial } from './001-initial';
import { p002UsageUnknown } from './002-usage-unknown';
import { p003UsageQuarantine } from './003-usage-quarantine';
import { p004AdminSessions } from './004-admin-sessions';
import { p005ChangeNotices } from './005-change-notices';
import { p010Budgets } from './010-budgets';
import { p011CustomPrices } from './011-custom-prices';
import { p012BudgetWebhooks } from './012-budget-webhooks';
import { p020Routes } from './020-routes';
import { p021UsageAttempts } from './021-usage-attempts';
import { p022ProviderKeyPools } from './022-provider-key-pools';
import { p030RequestLog } from './030-request-log';
import { p031UsageHourly } from './031-usage-hourly';
import { p040Gateways } from './040-gateways';
import { p050AiProviderTests } from './050-ai-provider-tests';
import { p055TeamVault } from './055-team-vault';
import { p056RequestBodies } from './056-request-bodies';
import { p057UsageGateway } from './057-usage-gateway';
import { p060TeamVaultNotices } from './060-team-vault-notices';

/**
 * The PostgreSQL dialect's own numbering, ordered and append-only. A data-changing migration gets
 * its own test (migrate to N-1, insert, migrate, assert), as for SQLite.
 */
export const postgresMigrations: readonly PostgresMigration[] = [
  p001Initial,
  p002UsageUnknown,
  p003UsageQuarantine,
  p004AdminSessions,
  p005ChangeNotices,
  p010Budgets,
  p011CustomPrices,
  p012BudgetWebhooks,
  p020Routes,
  p021UsageAttempts,
  p022ProviderKeyPools,
  p030RequestLog,
  p031UsageHourly,
  p040Gateways,
  p050AiProviderTests,
  p055TeamVault,
  p056RequestBodies,
  p057UsageGateway,
  p060TeamVaultNotices,
];
