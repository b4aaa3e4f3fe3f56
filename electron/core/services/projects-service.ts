import { AppError } from '../../../shared/errors';
import type { Project } from '../../../shared/operations';
import { isoNow, type Clock } from '../clock';
import type { Store } from '../db/store';
import { withUniqueAs409 } from '../db/repos/sqlite-errors';
import { newId } from '../ids';
import type { Actor } from '../operations/actor';
import type { AuditService } from './audit-service';
import { isVisibleTo, projectNotFound } from './actor-scope';

/** Projects group providers, secrets and tokens; one is the default. */
export function createProjectsService(deps: {
  store: Store; clock: Clock; audit: AuditService }) {
  const { store, clock, audit } = deps;
  const repo = store.projects;
  const nameTaken = (name: string) => new AppError('conflict', `A project named "${name}" already exists`, { field: 'name' });

  function get(actor: Actor, id: string): Project {
    const project = repo.get(id);
    if (!project || !isVisibleTo(actor, project.id)) throw projectNotFound(id);
    return project;
  }

  return {
    get,
    /** The project new records land in when none is named. */
    defaultProjectId: (): string => repo.getDefault().id,
    /** 404 unless the project exists (and the actor may see it). */
    assertExists(actor: Actor, id: string): void {
      get(actor, id);
    },
    list(actor: Actor, input: { limit: number; cursor?: string }) {
      return repo.list({ onlyId: actor.kind === 'token' ? actor.projectId : null, cursor: input.cursor, limit: input.limit });
    },
    create(actor: Actor, input: { name: string }): Project {
      if (actor.kind === 'token') throw new AppError('forbidden', 'A token is scoped to one project and cannot create projects');
      const now = isoNow(clock);
      const project = { id: newId('project'), name: input.name, createdAt: now, updatedAt: now };
      store.transaction(() => {
        withUniqueAs409(nameTaken(input.name).message, { field: 'name' }, () => repo.insert(project));
        audit.record(actor, 'projects:CreateProject', { type: 'project', id: project.id, projectId: project.id }, ['name']);
      });
      return get(actor, project.id);
    },
    update(actor: Actor, input: { projectId: string; name?: string }): Project {
      return store.transaction(() => {
        const project = get(actor, input.projectId);
        if (input.name !== undefined && input.name !== project.name) {
          withUniqueAs409(nameTaken(input.name).message, { field: 'name' }, () => repo.rename(project.id, input.name!, isoNow(clock)));
          audit.record(actor, 'projects:UpdateProject', { type: 'project', id: project.id, projectId: project.id }, ['name']);
        }
        return get(actor, project.id);
      });
    },
    delete(actor: Actor, input: { projectId: string }) {
      store.transaction(() => {
        const project = get(actor, input.projectId);
        if (project.isDefault) throw new AppError('conflict', 'The default project cannot be deleted');
        const contents = repo.contents(project.id, isoNow(clock));
        if (contents.providers + contents.secrets + contents.liveTokens > 0) {
          throw new AppError('conflict', 'Only an empty project can be deleted: remove its providers and secrets and revoke its tokens first', contents);
        }
        repo.delete(project.id);
        audit.record(actor, 'projects:DeleteProject', { type: 'project', id: project.id, projectId: project.id });
      });
      return { id: input.projectId, deleted: true as const };
    },
  };
}
export type ProjectsService = ReturnType<typeof createProjectsService>;
