import { AppError, invalidInput, type FieldIssue } from '../../../shared/errors';
import { wireFamilyOf, type OperationParsedInput, type Route } from '../../../shared/operations';
import { isoNow, type Clock } from '../clock';
import type { RoutesRepo } from '../db/routes-repo';
import type { Store } from '../db/store';
import { withUniqueAs409 } from '../db/unique-violation';
import type { EventBus } from '../events';
import { newId } from '../ids';
import type { Actor } from '../operations/actor';
import { listScope, targetProject, visibleOr404 } from './actor-scope';
import type { AuditService } from './audit-service';
import { changedFieldNames } from './changed-fields';
import type { ProjectsService } from './projects-service';

export type CreateRouteFields = OperationParsedInput<'createRoute'>;
export type UpdateRouteFields = OperationParsedInput<'updateRoute'>;

/** Routes: named virtual providers whose targets, AI providers of one wire family, are tried in turn. */
export function createRoutesService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  projects: ProjectsService;
  events: EventBus;
}) {
  const { store, clock, audit, projects, events } = deps;
  const repo = store.routes;
  const nameTaken = (name: string) => `A route named "${name}" already exists in this project`;

  async function get(actor: Actor, id: string, routes: RoutesRepo = repo): Promise<Route> {
    return visibleOr404(actor, await routes.get(id), `Route ${id.slice(0, 64)}`);
  }

  /** Every target is an AI provider of the route's project and wire family, named once. */
  async function checkTargets(route: Route): Promise<void> {
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    for (const [i, target] of route.targets.entries()) {
      const path = `targets.${i}.aiProviderId`;
      if (seen.has(target.aiProviderId)) issues.push({ path, message: `${target.aiProviderId} is already a target of this route` });
      seen.add(target.aiProviderId);
      const provider = await store.aiProviders.get(target.aiProviderId);
      if (!provider || provider.projectId !== route.projectId) {
        issues.push({ path, message: `no AI provider ${target.aiProviderId} in this project` });
        continue;
      }
      const family = wireFamilyOf[provider.provider];
      if (family !== route.family)
        issues.push({
          path,
          message: `${provider.name} speaks the ${family} wire format, not ${route.family}: a fallback may not change the request's format`,
        });
    }
    if (issues.length > 0) throw invalidInput(issues);
  }

  return {
    get,
    list(actor: Actor, input: { limit: number; cursor?: string; projectId?: string }) {
      return repo.list({ projectId: listScope(actor, input.projectId), cursor: input.cursor, limit: input.limit });
    },
    async create(actor: Actor, input: CreateRouteFields): Promise<Route> {
      const projectId = await targetProject(actor, input.projectId, projects.defaultProjectId);
      await projects.assertExists(actor, projectId);
      const now = isoNow(clock);
      const { projectId: _requested, ...fields } = input;
      const route: Route = { id: newId('route'), projectId, ...fields, createdAt: now, updatedAt: now };
      await checkTargets(route);
      await store.transaction(async (tx) => {
        await withUniqueAs409(nameTaken(route.name), { field: 'name' }, () => tx.routes.insert(route));
        await audit.record(tx, actor, 'routes:CreateRoute', { type: 'route', id: route.id, projectId }, Object.keys(fields));
      });
      return route;
    },
    async update(actor: Actor, input: UpdateRouteFields): Promise<Route> {
      const current = await get(actor, input.routeId);
      const { routeId: _id, ...patch } = input;
      const next: Route = { ...current };
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) (next as Record<string, unknown>)[key] = value;
      }
      const changed = changedFieldNames(current, next);
      if (changed.length === 0) return current;
      if (changed.includes('targets') || changed.includes('family')) await checkTargets(next);
      next.updatedAt = isoNow(clock);
      await store.transaction(async (tx) => {
        if (!(await tx.routes.get(current.id))) throw new AppError('not_found', `Route ${current.id} not found`);
        await withUniqueAs409(nameTaken(next.name), { field: 'name' }, () => tx.routes.update(next));
        await audit.record(tx, actor, 'routes:UpdateRoute', { type: 'route', id: next.id, projectId: next.projectId }, changed);
      });
      events.emit('route.changed', { routeId: next.id });
      return next;
    },
    async delete(actor: Actor, input: { routeId: string }) {
      await store.transaction(async (tx) => {
        const route = await get(actor, input.routeId, tx.routes);
        await tx.routes.delete(route.id);
        await audit.record(tx, actor, 'routes:DeleteRoute', { type: 'route', id: route.id, projectId: route.projectId });
      });
      events.emit('route.changed', { routeId: input.routeId });
      return { id: input.routeId, deleted: true as const };
    },
    /** The route a proxied request names, or null when the name is no route of the project. */
    findForProxy(projectId: string, name: string): Promise<Route | null> {
      return repo.byName(projectId, name);
    },
  };
}
export type RoutesService = ReturnType<typeof createRoutesService>;
