import type pg from 'pg';
import { invalidInput } from '../../../../shared/errors';
import { cursorParams } from '../pagination';

/** Where a repository's statements go: the pool (one statement, any connection) or a transaction's connection. */
export interface Sql {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    statement: string | pg.QueryConfig,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/** A pool or a connection as `Sql`. */
export function sqlOf(on: pg.Pool | pg.PoolClient): Sql {
  return {
    query: <R extends pg.QueryResultRow>(statement: string | pg.QueryConfig, values?: readonly unknown[]) =>
      on.query<R>(statement as string, values as unknown[] | undefined),
  };
}

/**
 * A named statement: node-postgres prepares it once per connection and then sends only its
 * parameters. For the hot paths (token and provider lookups, usage writes); every parameter
 * carries its type, since a prepared statement cannot infer one from `$1 IS NULL`.
 */
export function named(name: string, text: string) {
  return (values: readonly unknown[]): pg.QueryConfig => ({ name: `sb_${name}`, text, values: values as unknown[] });
}

/** Rows after a page cursor: the sort key and id of the last row the previous page held. */
export const afterCursor = (key: string, id: string, keyType: string) =>
  `(${key}::${keyType} IS NULL OR created_at > ${key}::${keyType} OR (created_at = ${key}::${keyType} AND id > ${id}::text))`;

const badCursor = () => invalidInput([{ path: 'cursor', message: 'not a cursor this API returned' }]);

/** `cursorParams` for a list ordered by creation time: a key that is no timestamp is a 400, not a database error. */
export function timeCursorParams(cursor: string | undefined, limit: number) {
  const params = cursorParams(cursor, limit);
  if (params.afterKey !== null && Number.isNaN(Date.parse(params.afterKey))) throw badCursor();
  return params;
}

/** `cursorParams` for a list ordered by a sequence number. */
export function seqCursorParams(cursor: string | undefined, limit: number) {
  const params = cursorParams(cursor, limit);
  if (params.afterKey !== null && !/^\d{1,18}$/.test(params.afterKey)) throw badCursor();
  return params;
}
