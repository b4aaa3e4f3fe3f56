import type { PostgresMigration } from '../migrate';
import { p001Initial } from './001-initial';
import { p002UsageUnknown } from './002-usage-unknown';
import { p003UsageQuarantine } from './003-usage-quarantine';
import { p004AdminSessions } from './004-admin-sessions';
import { p005ChangeNotices } from './005-change-notices';
import { p050AiProviderTests } from './050-ai-provider-tests';
import { p055TeamVault } from './055-team-vault';

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
  p050AiProviderTests,
  p055TeamVault,
];
