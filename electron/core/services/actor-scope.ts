import { AppError } from '../../../shared/errors';
import type { Actor } from '../operations/actor';

/**
 * A token sees and changes only its own project's records. For a token, a record of another
 * project answers 404 exactly like a missing one, so ids of other projects cannot be probed.
 */
export function isVisibleTo(actor: Actor, projectId: string | null): boolean {
  return actor.kind === 'admin' || actor.projectId === projectId;
}

/** The project filter for a list: a token is pinned to its project; an admin may filter or not. */
export function listScope(actor: Actor, requested: string | undefined): string | null {
  if (actor.kind === 'admin') return requested ?? null;
  if (requested !== undefined && requested !== actor.projectId) throw projectNotFound(requested);
  return actor.projectId;
}

/** The project a new record lands in: the one named, else the token's, else the default project. */
export async function targetProject(actor: Actor, requested: string | undefined, defaultProjectId: () => Promise<string>): Promise<string> {
  if (actor.kind === 'token') {
    if (requested !== undefined && requested !== actor.projectId) throw projectNotFound(requested);
    return actor.projectId;
  }
  return requested ?? defaultProjectId();
}

export function projectNotFound(projectId: string): AppError {
  return new AppError('not_found', `Project ${projectId} not found`);
}

/** Returns the record when it exists and the actor may see it; otherwise a 404 naming `what`. */
export function visibleOr404<T extends { projectId: string | null }>(actor: Actor, record: T | null, what: string): T {
  if (!record || !isVisibleTo(actor, record.projectId)) throw new AppError('not_found', `${what} not found`);
  return record;
}
