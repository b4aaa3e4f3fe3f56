import type { Route } from '../../../../shared/operations';
import { cursorParams, pageFrom } from '../pagination';
import type { RoutesRepo } from '../routes-repo';
import { toRoute, type RouteRow } from '../routes-rows';
import type { Db } from './database';
import type { Synchronous } from './promised';

function toParams(route: Route) {
  return {
    ...route,
    targets: JSON.stringify(route.targets),
    retry: JSON.stringify(route.retry),
    breaker: JSON.stringify(route.breaker),
  };
}

/** The `routes` table. */
export function createRoutesRepo(db: Db): Synchronous<RoutesRepo> {
  const byId = db.prepare<[string], RouteRow>('SELECT * FROM routes WHERE id = ?');
  const byName = db.prepare<[string, string], RouteRow>('SELECT * FROM routes WHERE project_id = ? AND name = ?');
  const ofProject = db.prepare<[string], RouteRow>('SELECT * FROM routes WHERE project_id = ? ORDER BY created_at, id');
  const page = db.prepare<{ projectId: string | null; afterKey: string | null; afterId: string | null; limit: number }, RouteRow>(
    `SELECT * FROM routes
     WHERE (@projectId IS NULL OR project_id = @projectId)
       AND (@afterKey IS NULL OR created_at > @afterKey OR (created_at = @afterKey AND id > @afterId))
     ORDER BY created_at, id LIMIT @limit`,
  );
  const insert = db.prepare(
    `INSERT INTO routes (id, project_id, name, family, strategy, targets, retry, breaker, created_at, updated_at)
     VALUES (@id, @projectId, @name, @family, @strategy, @targets, @retry, @breaker, @createdAt, @updatedAt)`,
  );
  const update = db.prepare(
    `UPDATE routes SET name = @name, family = @family, strategy = @strategy, targets = @targets, retry = @retry, breaker = @breaker,
       updated_at = @updatedAt WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM routes WHERE id = ?');

  return {
    get(id) {
      const row = byId.get(id);
      return row ? toRoute(row) : null;
    },
    byName(projectId, name) {
      const row = byName.get(projectId, name);
      return row ? toRoute(row) : null;
    },
    usingProvider(projectId, aiProviderId) {
      return ofProject
        .all(projectId)
        .map(toRoute)
        .filter((route) => route.targets.some((target) => target.aiProviderId === aiProviderId));
    },
    list(options) {
      const rows = page.all({ projectId: options.projectId, ...cursorParams(options.cursor, options.limit) });
      return pageFrom(rows, options.limit, toRoute, (row) => row.created_at);
    },
    insert(route) {
      insert.run(toParams(route));
    },
    update(route) {
      update.run(toParams(route));
    },
    delete(id) {
      remove.run(id);
    },
  };
}
