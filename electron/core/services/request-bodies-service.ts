import { AppError } from '../../../shared/errors';
import type { BodyCapture, OperationParsedInput, RequestBodies } from '../../../shared/operations';
import type { Store } from '../db/store';
import type { Logger } from '../log';
import type { Actor } from '../operations/actor';
import { isVisibleTo } from './actor-scope';
import type { AuditService } from './audit-service';
import type { ProjectsService } from './projects-service';

const defaultDays = 7;

/**
 * Which projects keep request and response bodies, and reading what was kept. The proxy asks
 * `daysFor` on every request, so the choice is held in memory: changed here at once, and read
 * again from the store every minute for changes made by another gateway or the CLI.
 */
export function createRequestBodiesService(deps: {
  store: Store;
  audit: AuditService;
  projects: ProjectsService;
  log: Logger;
  refreshMs?: number;
}) {
  const { store } = deps;
  let days = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;

  async function refresh(): Promise<void> {
    try {
      days = await store.requestBodies.captureDays();
    } catch (error) {
      deps.log.warn('body capture settings unreadable; keeping the last known', { message: (error as Error).message.slice(0, 200) });
    }
  }

  const describe = (projectId: string): BodyCapture => {
    const kept = days.get(projectId);
    return { projectId, enabled: kept !== undefined, days: kept ?? null };
  };

  return {
    /** The days `projectId` keeps bodies; undefined when it does not (no lookup beyond a Map's). */
    daysFor: (projectId: string): number | undefined => (days.size === 0 ? undefined : days.get(projectId)),
    /** Loads the choice and keeps it fresh (a serving gateway). */
    async start(): Promise<void> {
      await refresh();
      timer = setInterval(() => void refresh(), deps.refreshMs ?? 60_000);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
    refresh,
    async get(actor: Actor, projectId: string): Promise<BodyCapture> {
      await deps.projects.get(actor, projectId);
      await refresh();
      return describe(projectId);
    },
    async update(actor: Actor, input: OperationParsedInput<'updateBodyCapture'>): Promise<BodyCapture> {
      await deps.projects.get(actor, input.projectId);
      const kept = input.enabled ? (input.days ?? days.get(input.projectId) ?? defaultDays) : null;
      await store.requestBodies.setCapture(input.projectId, kept);
      await store.transaction((tx) =>
        deps.audit.record(tx, actor, 'projects:UpdateProject', { type: 'project', id: input.projectId, projectId: input.projectId }, [
          'bodyCapture',
        ]),
      );
      await refresh();
      return describe(input.projectId);
    },
    async read(actor: Actor, requestId: string): Promise<RequestBodies> {
      const found = await store.requestBodies.get(requestId);
      if (!found || !isVisibleTo(actor, found.projectId)) {
        throw new AppError('not_found', `No bodies were kept for request ${requestId} (its project does not keep them, or they expired)`);
      }
      return found;
    },
  };
}
export type RequestBodiesService = ReturnType<typeof createRequestBodiesService>;
