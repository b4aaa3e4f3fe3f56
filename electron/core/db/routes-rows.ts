import type { Route } from '../../../shared/operations';

/**
 * A `routes` row as either store returns it. The policies are JSON: SQLite hands back the text it
 * stored, PostgreSQL's jsonb arrives parsed.
 */
export interface RouteRow {
  id: string;
  project_id: string;
  name: string;
  family: Route['family'];
  strategy: Route['strategy'];
  targets: Route['targets'] | string;
  retry: Route['retry'] | string;
  breaker: Route['breaker'] | string;
  created_at: string;
  updated_at: string;
}

// Every JSON column here holds an array or an object, so a string can only be SQLite's text.
const parsed = <T>(column: T | string): T => (typeof column === 'string' ? (JSON.parse(column) as T) : column);

export function toRoute(row: RouteRow): Route {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    family: row.family,
    strategy: row.strategy,
    targets: parsed(row.targets),
    retry: parsed(row.retry),
    breaker: parsed(row.breaker),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
