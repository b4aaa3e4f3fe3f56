import { invalidInput } from '../../../shared/errors';

/** One page of a list, as every list operation answers it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Where a page ended: the sort key and id of its last row, so the next page starts after it. */
export interface CursorPosition {
  key: string;
  id: string;
}

/** Opaque to clients: base64url of the last row's sort key and id. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id]), 'utf8').toString('base64url');
}

/** An unreadable cursor is a 400 on the `cursor` field, never a 500. */
export function decodeCursor(cursor: string | undefined): CursorPosition | null {
  if (cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw invalidInput([{ path: 'cursor', message: 'not a cursor this API returned' }]);
}

/**
 * Repos fetch `limit + 1` rows; the extra one only says whether another page exists.
 * `keyOf` names the sort key the cursor continues from.
 */
export function pageFrom<R extends { id: string }, T>(rows: R[], limit: number, map: (row: R) => T, keyOf: (row: R) => string): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last ? encodeCursor({ key: keyOf(last), id: last.id }) : null,
  };
}

/** Statement parameters for "rows after this cursor" (`@afterKey`, `@afterId` are null on page one). */
export function cursorParams(cursor: string | undefined, limit: number) {
  const position = decodeCursor(cursor);
  return { afterKey: position?.key ?? null, afterId: position?.id ?? null, limit: limit + 1 };
}
