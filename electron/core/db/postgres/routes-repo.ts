import { pageFrom } from '../pagination';
import type { RoutesRepo } from '../routes-repo';
import { toRoute, type RouteRow } from '../routes-rows';
import { afterCursor, named, timeCursorParams, type Sql } from './sql';

const columns = 'id, project_id, name, family, strategy, targets, retry, breaker, created_at, updated_at';
// The proxy's lookup when its cache misses.
const byName = named('route_by_name', `SELECT ${columns} FROM routes WHERE project_id = $1::text AND name = $2::text`);

/** The `routes` table on PostgreSQL. */
export function createPgRoutesRepo(sql: Sql): RoutesRepo {
  return {
    async get(id) {
      const { rows } = await sql.query<RouteRow>(`SELECT ${columns} FROM routes WHERE id = $1`, [id]);
      return rows[0] ? toRoute(rows[0]) : null;
    },
    async byName(projectId, name) {
      const { rows } = await sql.query<RouteRow>(byName([projectId, name]));
      return rows[0] ? toRoute(rows[0]) : null;
    },
    async usingProvider(projectId, aiProviderId) {
      const { rows } = await sql.query<RouteRow>(
        `SELECT ${columns} FROM routes WHERE project_id = $1 AND targets @> jsonb_build_array(jsonb_build_object('aiProviderId', $2::text))
         ORDER BY created_at, id`,
        [projectId, aiProviderId],
      );
      return rows.map(toRoute);
    },
    async list(options) {
      const { afterKey, afterId, limit } = timeCursorParams(options.cursor, options.limit);
      const { rows } = await sql.query<RouteRow>(
        `SELECT ${columns} FROM routes WHERE ($1::text IS NULL OR project_id = $1) AND ${afterCursor('$2', '$3', 'timestamptz')}
         ORDER BY created_at, id LIMIT $4`,
        [options.projectId, afterKey, afterId, limit],
      );
      return pageFrom(rows, options.limit, toRoute, (row) => row.created_at);
    },
    async insert(r) {
      await sql.query(`INSERT INTO routes (${columns}) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10)`, [
        r.id,
        r.projectId,
        r.name,
        r.family,
        r.strategy,
        JSON.stringify(r.targets),
        JSON.stringify(r.retry),
        JSON.stringify(r.breaker),
        r.createdAt,
        r.updatedAt,
      ]);
    },
    async update(r) {
      await sql.query(
        `UPDATE routes SET name = $2, family = $3, strategy = $4, targets = $5::jsonb, retry = $6::jsonb, breaker = $7::jsonb, updated_at = $8
         WHERE id = $1`,
        [r.id, r.name, r.family, r.strategy, JSON.stringify(r.targets), JSON.stringify(r.retry), JSON.stringify(r.breaker), r.updatedAt],
      );
    },
    async delete(id) {
      await sql.query('DELETE FROM routes WHERE id = $1', [id]);
    },
  };
}
