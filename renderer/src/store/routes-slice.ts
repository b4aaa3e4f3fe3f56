import type { OperationInput, Route } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { createLoader, idle, type Remote, type SliceCreator } from './slice';

/** The current project's routes: named virtual providers with fallback targets. */
export interface RoutesSlice {
  routes: Remote<Route[]>;
  loadRoutes(): Promise<void>;
  createRoute(input: OperationInput<'createRoute'>): Promise<Route>;
  updateRoute(input: OperationInput<'updateRoute'>): Promise<Route>;
  deleteRoute(routeId: string): Promise<void>;
}

export const createRoutesSlice =
  (api: ApiClient): SliceCreator<RoutesSlice> =>
  (set, get) => {
    const load = createLoader(set, get);
    const projectId = () => get().currentProjectId ?? undefined;
    return {
      routes: idle(),
      loadRoutes: () => load('routes', async () => (await api.call('listRoutes', { projectId: projectId(), limit: 500 })).items),
      async createRoute(input) {
        const route = await api.call('createRoute', { ...input, projectId: projectId() });
        await get().loadRoutes();
        return route;
      },
      async updateRoute(input) {
        const route = await api.call('updateRoute', input);
        await get().loadRoutes();
        return route;
      },
      async deleteRoute(routeId) {
        await api.call('deleteRoute', { routeId });
        await get().loadRoutes();
      },
    };
  };
