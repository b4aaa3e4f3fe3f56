import type { Migration } from '../migrate';
import { m001Initial } from './001-initial';
import { m002StoreIndexes } from './002-store-indexes';
import { m020UsageChartIndexes } from './020-usage-chart-indexes';
import { m021LeanUsageRecords } from './021-lean-usage-records';
import { m022UsageUnknown } from './022-usage-unknown';
import { m023UsageQuarantine } from './023-usage-quarantine';
import { m030AdminSessions } from './030-admin-sessions';
import { m070AiProviderTests } from './070-ai-provider-tests';

/** Ordered, append-only. A data-changing migration gets its own test (migrate to N-1, insert, migrate, assert). */
export const migrations: readonly Migration[] = [
  m001Initial,
  m002StoreIndexes,
  m020UsageChartIndexes,
  m021LeanUsageRecords,
  m022UsageUnknown,
  m023UsageQuarantine,
  m030AdminSessions,
  m070AiProviderTests,
];
