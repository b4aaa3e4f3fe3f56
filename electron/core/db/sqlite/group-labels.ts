import type { UsageGroupBy } from '../../../../shared/operations';
import { createGroupLabeller, labelTableOf } from '../usage-group-labels';
import type { Db } from './database';

/** Group labels with project and token names read from this SQLite file, once per key. */
export function createSqliteGroupLabeller(db: Db, groupBy: UsageGroupBy): (key: string) => string {
  const source = labelTableOf(groupBy);
  const lookup = source ? db.prepare<[string], string>(`SELECT ${source.name} FROM ${source.table} WHERE id = ?`).pluck() : null;
  return createGroupLabeller(groupBy, lookup ? (id) => lookup.get(id) : null);
}
