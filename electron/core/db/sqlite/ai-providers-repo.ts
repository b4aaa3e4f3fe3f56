import type { AiProvider } from '../../../../shared/operations';
import type { AiProvidersRepo } from '../ai-providers-repo';
import type { Db } from './database';
import type { Synchronous } from './promised';
import { fromJson, toJson } from './json-columns';
import { cursorParams, pageFrom } from '../pagination';

interface AiProviderRow {
  id: string;
  project_id: string;
  secret_id: string | null;
  name: string;
  provider: AiProvider['provider'];
  default_model: string;
  base_url: string | null;
  config: string | null;
  auth_method: AiProvider['authMethod'];
  pool_secret_ids: string;
  created_at: string;
  updated_at: string;
}

function toAiProvider(row: AiProviderRow): AiProvider {
  return {
    id: row.id,
    projectId: row.project_id,
    secretId: row.secret_id,
    name: row.name,
    provider: row.provider,
    defaultModel: row.default_model,
    baseUrl: row.base_url,
    config: fromJson<Record<string, unknown>>(row.config),
    authMethod: row.auth_method,
    poolSecretIds: JSON.parse(row.pool_secret_ids) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toParams(provider: AiProvider) {
  return { ...provider, config: toJson(provider.config), poolSecretIds: JSON.stringify(provider.poolSecretIds) };
}

/** The `ai_providers` table. */
export function createAiProvidersRepo(db: Db): Synchronous<AiProvidersRepo> {
  const byId = db.prepare<[string], AiProviderRow>('SELECT * FROM ai_providers WHERE id = ?');
  const bySlug = db.prepare<[string, string], AiProviderRow>(
    'SELECT * FROM ai_providers WHERE project_id = ? AND provider = ? ORDER BY created_at, id',
  );
  const byName = db.prepare<[string, string], { id: string }>('SELECT id FROM ai_providers WHERE project_id = ? AND name = ?');
  const bySecret = db.prepare<{ secretId: string }, { id: string }>(
    `SELECT id FROM ai_providers
     WHERE secret_id = @secretId OR EXISTS (SELECT 1 FROM json_each(pool_secret_ids) WHERE value = @secretId) ORDER BY id`,
  );
  const page = db.prepare<
    { projectId: string | null; provider: string | null; afterKey: string | null; afterId: string | null; limit: number },
    AiProviderRow
  >(
    `SELECT * FROM ai_providers
     WHERE (@projectId IS NULL OR project_id = @projectId)
       AND (@provider IS NULL OR provider = @provider)
       AND (@afterKey IS NULL OR created_at > @afterKey OR (created_at = @afterKey AND id > @afterId))
     ORDER BY created_at, id LIMIT @limit`,
  );
  const insert = db.prepare(
    `INSERT INTO ai_providers (id, project_id, secret_id, name, provider, default_model, base_url, config, auth_method, pool_secret_ids,
       created_at, updated_at)
     VALUES (@id, @projectId, @secretId, @name, @provider, @defaultModel, @baseUrl, @config, @authMethod, @poolSecretIds, @createdAt, @updatedAt)`,
  );
  const update = db.prepare(
    `UPDATE ai_providers SET secret_id = @secretId, name = @name, default_model = @defaultModel, base_url = @baseUrl,
       config = @config, auth_method = @authMethod, pool_secret_ids = @poolSecretIds, updated_at = @updatedAt
     WHERE id = @id AND (@expected IS NULL OR updated_at = @expected)`,
  );
  const remove = db.prepare('DELETE FROM ai_providers WHERE id = ?');
  const unlink = db.prepare('UPDATE ai_providers SET secret_id = NULL, updated_at = @updatedAt WHERE secret_id = @secretId');
  const leavePools = db.prepare(
    `UPDATE ai_providers SET updated_at = @updatedAt,
       pool_secret_ids = (SELECT json_group_array(value) FROM json_each(pool_secret_ids) WHERE value != @secretId)
     WHERE EXISTS (SELECT 1 FROM json_each(pool_secret_ids) WHERE value = @secretId)`,
  );

  return {
    get(id) {
      const row = byId.get(id);
      return row ? toAiProvider(row) : null;
    },
    listBySlug(projectId, slug) {
      return bySlug.all(projectId, slug).map(toAiProvider);
    },
    idByName(projectId, name) {
      return byName.get(projectId, name)?.id ?? null;
    },
    idsLinkedTo(secretId) {
      return bySecret.all({ secretId }).map((row) => row.id);
    },
    list(options) {
      const rows = page.all({ projectId: options.projectId, provider: options.provider, ...cursorParams(options.cursor, options.limit) });
      return pageFrom(rows, options.limit, toAiProvider, (row) => row.created_at);
    },
    insert(provider) {
      insert.run(toParams(provider));
    },
    update(provider, expectedUpdatedAt) {
      return update.run({ ...toParams(provider), expected: expectedUpdatedAt ?? null }).changes > 0;
    },
    delete(id) {
      remove.run(id);
    },
    unlinkSecret(secretId, updatedAt) {
      unlink.run({ secretId, updatedAt });
      leavePools.run({ secretId, updatedAt });
    },
  };
}
