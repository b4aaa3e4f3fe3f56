import type { Migration } from '../migrate';
import { m001Initial } from './001-initial';
import { m002StoreIndexes } from './002-store-indexes';
import { m020UsageChartIndexes } from './020-usage-chart-indexes';
import { m021LeanUsageRecords } from './021-lean-usage-records';
import { m022UsageUnknown } from './022-usage-unknown';
import { m023UsageQuarantine } from './023-usage-quarantine';
import { m030AdminSessions } from './030-admin-sessions';
import { m031Budgets } from './031-budgets';
import { m032CustomPrices } from './032-custom-prices';
import { m033BudgetWebhooks } from './033-budget-webhooks';
import { m040Routes } from './040-routes';
import { m041UsageAttempts } from './041-usage-attempts';
import { m042ProviderKeyPools } from './042-provider-key-pools';
import { m050RequestLog } from './050-request-log';
import { m051UsageHourly } from './051-usage-hourly';
import { m060Gateways } from './060-gateways';
import { m070AiProviderTests } from './070-ai-provider-tests';
import { m071RequestBodies } from './071-request-bodies';
import { m072UsageGateway } from './072-usage-gateway';
import { m073UsageRecordsWithoutGatewayIndex } from './073-usage-records-without-gateway-index';

/** Ordered, append-only. A data-changing migration gets its own test (migrate to N-1, insert, migrate, assert). */
export const migrations: readonly Migration[] = [
  m001Initial,
  m002StoreIndexes,
  m020UsageChartIndexes,
  m021LeanUsageRecords,
  m022UsageUnknown,
  m023UsageQuarantine,
  m030AdminSessions,
  m031Budgets,
  m032CustomPrices,
  m033BudgetWebhooks,
  m040Routes,
  m041UsageAttempts,
  m042ProviderKeyPools,
  m050RequestLog,
  m051UsageHourly,
  m060Gateways,
  m070AiProviderTests,
  m071RequestBodies,
  m072UsageGateway,
  m073UsageRecordsWithoutGatewayIndex,
];
