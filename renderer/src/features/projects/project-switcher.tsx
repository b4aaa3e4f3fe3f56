import { useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { ProjectsDialog } from './projects-dialog';

/** Every screen is scoped to the project chosen here; the choice is remembered. */
export function ProjectSwitcher() {
  const projects = useAppStore((s) => s.projects.data);
  const current = useAppStore((s) => s.currentProjectId);
  const selectProject = useAppStore((s) => s.selectProject);
  const [managing, setManaging] = useState(false);
  return (
    <div className="project-switcher">
      <label htmlFor="project-select">Project</label>
      <div className="project-switcher-row">
        <select
          id="project-select"
          title={projects?.find((p) => p.id === current)?.name}
          value={current ?? ''}
          onChange={(event) => selectProject(event.target.value)}
          disabled={!projects}
        >
          {(projects ?? []).map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
        <button type="button" className="secondary" onClick={() => setManaging(true)} aria-label="Manage projects">
          Manage
        </button>
      </div>
      {managing && <ProjectsDialog onClose={() => setManaging(false)} />}
    </div>
  );
}
