import type { PostgresMigration } from '../migrate';
import { p001Initial } from './001-initial';
import { p002UsageQuarantine } from './002-usage-quarantine';

/**
 * The PostgreSQL dialect's own numbering, ordered and append-only. A data-changing migration gets
 * its own test (migrate to N-1, insert, migrate, assert), as for SQLite.
 */
export const postgresMigrations: readonly PostgresMigration[] = [p001Initial, p002UsageQuarantine];
