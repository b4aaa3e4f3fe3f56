import type { Migration } from '../migrate';
import { m001Initial } from './001-initial';

/** Ordered, append-only. A data-changing migration gets its own test (migrate to N-1, insert, migrate, assert). */
export const migrations: readonly Migration[] = [m001Initial];
