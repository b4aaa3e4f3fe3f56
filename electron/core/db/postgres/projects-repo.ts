import type { Project } from '../../../../shared/operations';
import { pageFrom } from '../pagination';
import type { ProjectsRepo } from '../projects-repo';
import { afterCursor, timeCursorParams, type Sql } from './sql';

interface ProjectRow {
  id: string;
  name: string;
  is_default: boolean;
  created_at: string;
  updated_at: string;
}

function toProject(row: ProjectRow): Project {
  return { id: row.id, name: row.name, isDefault: row.is_default, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** The `projects` table on PostgreSQL. */
export function createPgProjectsRepo(sql: Sql): ProjectsRepo {
  return {
    async get(id) {
      const { rows } = await sql.query<ProjectRow>('SELECT * FROM projects WHERE id = $1', [id]);
      return rows[0] ? toProject(rows[0]) : null;
    },
    async getDefault() {
      const { rows } = await sql.query<ProjectRow>('SELECT * FROM projects WHERE is_default ORDER BY created_at LIMIT 1');
      if (!rows[0]) throw new Error('The database has no default project');
      return toProject(rows[0]);
    },
    async list(options) {
      const { afterKey, afterId, limit } = timeCursorParams(options.cursor, options.limit);
      const { rows } = await sql.query<ProjectRow>(
        `SELECT * FROM projects WHERE ($1::text IS NULL OR id = $1) AND ${afterCursor('$2', '$3', 'timestamptz')}
         ORDER BY created_at, id LIMIT $4`,
        [options.onlyId, afterKey, afterId, limit],
      );
      return pageFrom(rows, options.limit, toProject, (row) => row.created_at);
    },
    async insert(project) {
      await sql.query('INSERT INTO projects (id, name, is_default, created_at, updated_at) VALUES ($1, $2, false, $3, $4)', [
        project.id,
        project.name,
        project.createdAt,
        project.updatedAt,
      ]);
    },
    async rename(id, name, updatedAt) {
      await sql.query('UPDATE projects SET name = $2, updated_at = $3 WHERE id = $1', [id, name, updatedAt]);
    },
    async contents(id, now) {
      const { rows } = await sql.query<{ providers: number; secrets: number; liveTokens: number }>(
        `SELECT
           (SELECT count(*) FROM ai_providers WHERE project_id = $1)::int AS providers,
           (SELECT count(*) FROM secrets WHERE project_id = $1)::int AS secrets,
           (SELECT count(*) FROM tokens WHERE project_id = $1 AND revoked_at IS NULL
              AND (expires_at IS NULL OR expires_at > $2))::int AS "liveTokens"`,
        [id, now],
      );
      return rows[0]!;
    },
    async delete(id) {
      await sql.query('DELETE FROM tokens WHERE project_id = $1', [id]);
      await sql.query('DELETE FROM projects WHERE id = $1', [id]);
    },
  };
}
