import type { Project } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { createLoader, idle, type Remote, type SliceCreator } from './slice';

/** Projects and the one every screen is scoped to. `currentProjectId` is a persisted UI preference. */
export interface ProjectsSlice {
  projects: Remote<Project[]>;
  currentProjectId: string | null;
  loadProjects(): Promise<void>;
  selectProject(projectId: string): void;
  createProject(name: string): Promise<Project>;
  /** `version` is the `updatedAt` the rename started from: a project renamed meanwhile is a 412. */
  renameProject(projectId: string, name: string, version?: string): Promise<void>;
  deleteProject(projectId: string): Promise<void>;
}

export const createProjectsSlice =
  (api: ApiClient): SliceCreator<ProjectsSlice> =>
  (set, get) => {
    const load = createLoader(set, get);
    return {
      projects: idle(),
      currentProjectId: null,
      async loadProjects() {
        await load('projects', async () => (await api.call('listProjects', { limit: 500 })).items);
        const list = get().projects.data;
        if (!list || list.length === 0) return;
        // A remembered project that no longer exists falls back to the default one.
        if (!list.some((p) => p.id === get().currentProjectId)) {
          set({ currentProjectId: (list.find((p) => p.isDefault) ?? list[0]!).id });
        }
      },
      selectProject(projectId) {
        set({ currentProjectId: projectId });
      },
      async createProject(name) {
        const project = await api.call('createProject', { name });
        set({ currentProjectId: project.id });
        await get().loadProjects();
        return project;
      },
      async renameProject(projectId, name, version) {
        await api.call('updateProject', { projectId, name, ...(version ? { ifMatch: version } : {}) });
        await get().loadProjects();
      },
      async deleteProject(projectId) {
        await api.call('deleteProject', { projectId });
        if (get().currentProjectId === projectId) set({ currentProjectId: null });
        await get().loadProjects();
      },
    };
  };
