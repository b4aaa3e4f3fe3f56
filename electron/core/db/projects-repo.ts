import type { Project } from '../../../shared/operations';
import type { Page } from './pagination';

/** What keeps a project from being deleted. */
export interface ProjectContents {
  providers: number;
  secrets: number;
  liveTokens: number;
}

/** The projects. Callers own transactions and audit; a taken name rejects with UniqueViolationError. */
export interface ProjectsRepo {
  get(id: string): Promise<Project | null>;
  getDefault(): Promise<Project>;
  /** `onlyId` restricts the listing to one project (a token sees only its own). */
  list(options: { onlyId: string | null; cursor?: string; limit: number }): Promise<Page<Project>>;
  insert(project: { id: string; name: string; createdAt: string; updatedAt: string }): Promise<void>;
  /** With `expectedUpdatedAt`, only over that stored version; false when nothing was written. */
  rename(id: string, name: string, updatedAt: string, expectedUpdatedAt?: string): Promise<boolean>;
  contents(id: string, now: string): Promise<ProjectContents>;
  /** Removes the project and its revoked or expired tokens (the caller checked it is otherwise empty). */
  delete(id: string): Promise<void>;
}
