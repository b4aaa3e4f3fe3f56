import type { Route } from '../../../shared/operations';
import type { Page } from './pagination';

/** The route records. Callers own transactions and audit; a taken name rejects with UniqueViolationError. */
export interface RoutesRepo {
  get(id: string): Promise<Route | null>;
  byName(projectId: string, name: string): Promise<Route | null>;
  /** The routes of a project that send to an AI provider (so it is not deleted from under them). */
  usingProvider(projectId: string, aiProviderId: string): Promise<Route[]>;
  list(options: { projectId: string | null; cursor?: string; limit: number }): Promise<Page<Route>>;
  insert(route: Route): Promise<void>;
  /** Writes the mutable fields; id, project and creation time never change. */
  update(route: Route): Promise<void>;
  delete(id: string): Promise<void>;
}
