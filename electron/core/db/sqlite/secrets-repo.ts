import type { Secret } from '../../../../shared/operations';
import type { SecretsRepo } from '../secrets-repo';
import type { Db } from './database';
import type { Synchronous } from './promised';
import { cursorParams, pageFrom } from '../pagination';

interface SecretRow {
  id: string;
  project_id: string;
  name: string;
  fingerprint: string;
  backend: Secret['backend'];
  created_at: string;
  updated_at: string;
  rotated_at: string | null;
  linked: string;
}

function toSecret(row: SecretRow): Secret {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    fingerprint: row.fingerprint,
    backend: row.backend,
    linkedProviderIds: JSON.parse(row.linked) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    rotatedAt: row.rotated_at,
  };
}

/** Metadata plus the ids of the providers that link each secret. */
const selectSecret = `SELECT s.*, (SELECT json_group_array(p.id) FROM (SELECT id FROM ai_providers WHERE secret_id = s.id ORDER BY id) p) AS linked
  FROM secrets s`;

/** The `secrets` table: metadata only; values live in the vault. */
export function createSecretsRepo(db: Db): Synchronous<SecretsRepo> {
  const byId = db.prepare<[string], SecretRow>(`${selectSecret} WHERE s.id = ?`);
  const byName = db.prepare<[string, string], { id: string }>('SELECT id FROM secrets WHERE project_id = ? AND name = ?');
  const page = db.prepare<{ projectId: string | null; afterKey: string | null; afterId: string | null; limit: number }, SecretRow>(
    `${selectSecret}
     WHERE (@projectId IS NULL OR s.project_id = @projectId)
       AND (@afterKey IS NULL OR s.created_at > @afterKey OR (s.created_at = @afterKey AND s.id > @afterId))
     ORDER BY s.created_at, s.id LIMIT @limit`,
  );
  const insert = db.prepare(
    `INSERT INTO secrets (id, project_id, name, fingerprint, backend, created_at, updated_at, rotated_at)
     VALUES (@id, @projectId, @name, @fingerprint, @backend, @createdAt, @updatedAt, @rotatedAt)`,
  );
  const rotate = db.prepare(
    'UPDATE secrets SET fingerprint = @fingerprint, backend = @backend, updated_at = @at, rotated_at = @at WHERE id = @id',
  );
  const moveBackend = db.prepare('UPDATE secrets SET backend = ?');
  const remove = db.prepare('DELETE FROM secrets WHERE id = ?');

  return {
    get(id) {
      const row = byId.get(id);
      return row ? toSecret(row) : null;
    },
    idByName(projectId, name) {
      return byName.get(projectId, name)?.id ?? null;
    },
    list(options) {
      const rows = page.all({ projectId: options.projectId, ...cursorParams(options.cursor, options.limit) });
      return pageFrom(rows, options.limit, toSecret, (row) => row.created_at);
    },
    insert(secret) {
      insert.run(secret);
    },
    rotate(id, fingerprint, backend, at) {
      rotate.run({ id, fingerprint, backend, at });
    },
    moveBackend(backend) {
      moveBackend.run(backend);
    },
    delete(id) {
      remove.run(id);
    },
  };
}
