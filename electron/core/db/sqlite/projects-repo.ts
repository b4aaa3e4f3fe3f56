import type { Project } from '../../../../shared/operations';
import type { ProjectsRepo } from '../projects-repo';
import type { Db } from './database';
import type { Synchronous } from './promised';
import { cursorParams, pageFrom } from '../pagination';

interface ProjectRow {
  id: string;
  name: string;
  is_default: number;
  created_at: string;
  updated_at: string;
}

function toProject(row: ProjectRow): Project {
  return { id: row.id, name: row.name, isDefault: row.is_default === 1, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** The `projects` table. */
export function createProjectsRepo(db: Db): Synchronous<ProjectsRepo> {
  const byId = db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ?');
  const defaultRow = db.prepare<[], ProjectRow>('SELECT * FROM projects WHERE is_default = 1 ORDER BY created_at LIMIT 1');
  const page = db.prepare<{ onlyId: string | null; afterKey: string | null; afterId: string | null; limit: number }, ProjectRow>(
    `SELECT * FROM projects
     WHERE (@onlyId IS NULL OR id = @onlyId)
       AND (@afterKey IS NULL OR created_at > @afterKey OR (created_at = @afterKey AND id > @afterId))
     ORDER BY created_at, id LIMIT @limit`,
  );
  const insert = db.prepare(
    'INSERT INTO projects (id, name, is_default, created_at, updated_at) VALUES (@id, @name, 0, @createdAt, @updatedAt)',
  );
  const rename = db.prepare(
    'UPDATE projects SET name = @name, updated_at = @updatedAt WHERE id = @id AND (@expected IS NULL OR updated_at = @expected)',
  );
  const remove = db.prepare('DELETE FROM projects WHERE id = ?');
  const contents = db.prepare<{ id: string; now: string }, { providers: number; secrets: number; liveTokens: number }>(
    `SELECT
       (SELECT count(*) FROM ai_providers WHERE project_id = @id) AS providers,
       (SELECT count(*) FROM secrets WHERE project_id = @id) AS secrets,
       (SELECT count(*) FROM tokens WHERE project_id = @id AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > @now)) AS liveTokens`,
  );
  const removeDeadTokens = db.prepare('DELETE FROM tokens WHERE project_id = ?');

  return {
    get(id) {
      const row = byId.get(id);
      return row ? toProject(row) : null;
    },
    getDefault() {
      const row = defaultRow.get();
      if (!row) throw new Error('The database has no default project');
      return toProject(row);
    },
    list(options) {
      const rows = page.all({ onlyId: options.onlyId, ...cursorParams(options.cursor, options.limit) });
      return pageFrom(rows, options.limit, toProject, (row) => row.created_at);
    },
    insert(project) {
      insert.run(project);
    },
    rename(id, name, updatedAt, expectedUpdatedAt) {
      return rename.run({ id, name, updatedAt, expected: expectedUpdatedAt ?? null }).changes > 0;
    },
    contents(id, now) {
      return contents.get({ id, now })!;
    },
    delete(id) {
      removeDeadTokens.run(id);
      remove.run(id);
    },
  };
}
