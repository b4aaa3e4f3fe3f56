import { AppError } from '../../../shared/errors';
import type { Project } from '../../../shared/operations';
import { isoNow, type Clock } from '../clock';
import type { ProjectsRepo } from '../db/projects-repo';
import type { Store } from '../db/store';
import { withUniqueAs409 } from '../db/unique-violation';
import { newId } from '../ids';
import type { Actor } from '../operations/actor';
import type { AuditService } from './audit-service';
import { isVisibleTo, projectNotFound } from './actor-scope';
import { assertFresh, nextVersion, staleWrite } from './edit-precondition';

/** Projects group providers, secrets and tokens; one is the default. */
export function createProjectsService(deps: { store: Store; clock: Clock; audit: AuditService }) {
  const { store, clock, audit } = deps;
  const repo = store.projects;
  const nameTaken = (name: string) => new AppError('conflict', `A project named "${name}" already exists`, { field: 'name' });

  /** `projects` is the store's repository, or a transaction's inside one. */
  async function get(actor: Actor, id: string, projects: ProjectsRepo = repo): Promise<Project> {
    const project = await projects.get(id);
    if (!project || !isVisibleTo(actor, project.id)) throw projectNotFound(id);
    return project;
  }

  return {
    get,
    /** The project new records land in when none is named. */
    defaultProjectId: async (): Promise<string> => (await repo.getDefault()).id,
    /** 404 unless the project exists (and the actor may see it). */
    async assertExists(actor: Actor, id: string): Promise<void> {
      await get(actor, id);
    },
    list(actor: Actor, input: { limit: number; cursor?: string }) {
      return repo.list({ onlyId: actor.kind === 'token' ? actor.projectId : null, cursor: input.cursor, limit: input.limit });
    },
    async create(actor: Actor, input: { name: string }): Promise<Project> {
      if (actor.kind === 'token') throw new AppError('forbidden', 'A token is scoped to one project and cannot create projects');
      const now = isoNow(clock);
      const project = { id: newId('project'), name: input.name, createdAt: now, updatedAt: now };
      await store.transaction(async (tx) => {
        await withUniqueAs409(nameTaken(input.name).message, { field: 'name' }, () => tx.projects.insert(project));
        await audit.record(tx, actor, 'projects:CreateProject', { type: 'project', id: project.id, projectId: project.id }, ['name']);
      });
      return get(actor, project.id);
    },
    update(actor: Actor, input: { projectId: string; ifMatch?: string; name?: string }): Promise<Project> {
      return store.transaction(async (tx) => {
        const project = await get(actor, input.projectId, tx.projects);
        assertFresh(`Project ${project.id}`, project, input.ifMatch);
        const name = input.name;
        if (name !== undefined && name !== project.name) {
          const written = await withUniqueAs409(nameTaken(name).message, { field: 'name' }, () =>
            tx.projects.rename(project.id, name, nextVersion(clock, project.updatedAt), project.updatedAt),
          );
          if (!written) throw staleWrite(`Project ${project.id}`, project, project.updatedAt);
          await audit.record(tx, actor, 'projects:UpdateProject', { type: 'project', id: project.id, projectId: project.id }, ['name']);
        }
        return get(actor, project.id, tx.projects);
      });
    },
    async delete(actor: Actor, input: { projectId: string }) {
      await store.transaction(async (tx) => {
        const project = await get(actor, input.projectId, tx.projects);
        if (project.isDefault) throw new AppError('conflict', 'The default project cannot be deleted');
        const contents = await tx.projects.contents(project.id, isoNow(clock));
        if (contents.providers + contents.secrets + contents.liveTokens > 0) {
          throw new AppError(
            'conflict',
            'Only an empty project can be deleted: remove its providers and secrets and revoke its tokens first',
            contents,
          );
        }
        await tx.projects.delete(project.id);
        await audit.record(tx, actor, 'projects:DeleteProject', { type: 'project', id: project.id, projectId: project.id });
      });
      return { id: input.projectId, deleted: true as const };
    },
  };
}
export type ProjectsService = ReturnType<typeof createProjectsService>;
