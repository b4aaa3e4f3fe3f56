import { useState, type FormEvent } from 'react';
import { Name } from '../../../../shared/slugs';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { isStaleEdit, StaleEditNotice } from '../../components/stale-edit-notice';
import { errorMessage } from '../../store/slice';
import { useAppStore } from '../../store/app-store';
import type { Project } from '../../../../shared/operations';

/** Create, rename and delete projects. Only an empty project can be deleted; the server says why not. */
export function ProjectsDialog({ onClose }: { onClose(): void }) {
  const projects = useAppStore((s) => s.projects.data) ?? [];
  const createProject = useAppStore((s) => s.createProject);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();

  async function onCreate(event: FormEvent) {
    event.preventDefault();
    const parsed = Name.safeParse(name);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    try {
      await createProject(parsed.data);
      setName('');
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <Dialog title="Projects" onClose={onClose}>
      <ul className="project-list" aria-label="Projects">
        {projects.map((project) => (
          <ProjectRow key={project.id} project={project} />
        ))}
      </ul>
      <form onSubmit={onCreate} className="inline-form" noValidate>
        <Field label="New project name" error={error}>
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </Field>
        <button type="submit">Create project</button>
      </form>
    </Dialog>
  );
}

function ProjectRow({ project }: { project: Project }) {
  const renameProject = useAppStore((s) => s.renameProject);
  const deleteProject = useAppStore((s) => s.deleteProject);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(project.name);
  const loadProjects = useAppStore((s) => s.loadProjects);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const run = (work: () => Promise<void>) =>
    work().then(
      () => setError(null),
      (e: unknown) => (isStaleEdit(e) ? setStale(true) : setError(errorMessage(e))),
    );

  return (
    <li>
      {editing ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const parsed = Name.safeParse(name);
            if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'invalid');
            void run(async () => {
              await renameProject(project.id, parsed.data, project.updatedAt);
              setEditing(false);
            });
          }}
        >
          <input aria-label={`New name for ${project.name}`} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <button type="submit">Save</button>
          <button type="button" className="secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          <span className="project-name">
            {project.name} {project.isDefault && <span className="badge">default</span>}
          </span>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setName(project.name);
              setEditing(true);
            }}
            aria-label={`Rename ${project.name}`}
          >
            Rename
          </button>
          {!project.isDefault && !confirming && (
            <button type="button" className="danger" onClick={() => setConfirming(true)} aria-label={`Delete ${project.name}`}>
              Delete
            </button>
          )}
        </>
      )}
      {stale && (
        <StaleEditNotice
          what="this project"
          onReload={() => {
            setStale(false);
            setEditing(false);
            void loadProjects();
          }}
        />
      )}
      {confirming && (
        // Asked every time, even for an empty project: a deleted project cannot be brought back.
        <div className="inline-confirm" role="group" aria-label={`Confirm deleting ${project.name}`}>
          <p>Delete the project {project.name}? This cannot be undone.</p>
          <button type="button" className="secondary" onClick={() => setConfirming(false)} autoFocus>
            Keep it
          </button>
          <button type="button" className="danger" onClick={() => void run(() => deleteProject(project.id))}>
            Delete project
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
