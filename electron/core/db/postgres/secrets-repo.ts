import type { Secret } from '../../../../shared/operations';
import { pageFrom } from '../pagination';
import type { SecretsRepo } from '../secrets-repo';
import { afterCursor, timeCursorParams, type Sql } from './sql';

interface SecretRow {
  id: string;
  project_id: string;
  name: string;
  fingerprint: string;
  backend: Secret['backend'];
  created_at: string;
  updated_at: string;
  rotated_at: string | null;
  linked: string[];
}

function toSecret(row: SecretRow): Secret {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    fingerprint: row.fingerprint,
    backend: row.backend,
    linkedProviderIds: row.linked,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    rotatedAt: row.rotated_at,
  };
}

/** Metadata plus the ids of the providers that link each secret. */
const selectSecret = `SELECT s.id, s.project_id, s.name, s.fingerprint, s.backend, s.created_at, s.updated_at, s.rotated_at,
    (SELECT coalesce(json_agg(p.id ORDER BY p.id), '[]') FROM ai_providers p WHERE p.secret_id = s.id) AS linked
  FROM secrets s`;

/**
 * The `secrets` table on PostgreSQL: metadata only. Where a value lives is the vault's business
 * (the `backend` column names it), so a vault that keeps values in this database adds its own table.
 */
export function createPgSecretsRepo(sql: Sql): SecretsRepo {
  return {
    async get(id) {
      const { rows } = await sql.query<SecretRow>(`${selectSecret} WHERE s.id = $1`, [id]);
      return rows[0] ? toSecret(rows[0]) : null;
    },
    async idByName(projectId, name) {
      const { rows } = await sql.query<{ id: string }>('SELECT id FROM secrets WHERE project_id = $1 AND lower(name) = lower($2)', [
        projectId,
        name,
      ]);
      return rows[0]?.id ?? null;
    },
    async list(options) {
      const { afterKey, afterId, limit } = timeCursorParams(options.cursor, options.limit);
      const { rows } = await sql.query<SecretRow>(
        `${selectSecret} WHERE ($1::text IS NULL OR s.project_id = $1)
           AND ${afterCursor('$2', '$3', 'timestamptz')}
         ORDER BY s.created_at, s.id LIMIT $4`,
        [options.projectId, afterKey, afterId, limit],
      );
      return pageFrom(rows, options.limit, toSecret, (row) => row.created_at);
    },
    async insert(secret) {
      await sql.query(
        `INSERT INTO secrets (id, project_id, name, fingerprint, backend, created_at, updated_at, rotated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          secret.id,
          secret.projectId,
          secret.name,
          secret.fingerprint,
          secret.backend,
          secret.createdAt,
          secret.updatedAt,
          secret.rotatedAt,
        ],
      );
    },
    async rotate(id, fingerprint, backend, at) {
      await sql.query('UPDATE secrets SET fingerprint = $2, backend = $3, updated_at = $4, rotated_at = $4 WHERE id = $1', [
        id,
        fingerprint,
        backend,
        at,
      ]);
    },
    async moveBackend(backend) {
      await sql.query('UPDATE secrets SET backend = $1', [backend]);
    },
    async delete(id) {
      await sql.query('DELETE FROM secrets WHERE id = $1', [id]);
    },
  };
}
