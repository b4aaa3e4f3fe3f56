import type { AiProvider } from '../../../../shared/operations';
import type { AiProvidersRepo } from '../ai-providers-repo';
import { pageFrom } from '../pagination';
import { afterCursor, named, timeCursorParams, type Sql } from './sql';

interface AiProviderRow {
  id: string;
  project_id: string;
  secret_id: string | null;
  name: string;
  provider: AiProvider['provider'];
  default_model: string;
  base_url: string | null;
  config: Record<string, unknown> | null;
  auth_method: AiProvider['authMethod'];
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
    config: row.config,
    authMethod: row.auth_method,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const columns = 'id, project_id, secret_id, name, provider, default_model, base_url, config, auth_method, created_at, updated_at';
// The proxy's lookups when its cache misses.
const byId = named('ai_provider_by_id', `SELECT ${columns} FROM ai_providers WHERE id = $1::text`);
const bySlug = named(
  'ai_providers_by_slug',
  `SELECT ${columns} FROM ai_providers WHERE project_id = $1::text AND provider = $2::text ORDER BY created_at, id`,
);

/** JSONB from a value: node-postgres would send a JavaScript object as JSON anyway, but not `null` as SQL NULL inside JSON. */
const jsonb = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** The `ai_providers` table on PostgreSQL. */
export function createPgAiProvidersRepo(sql: Sql): AiProvidersRepo {
  return {
    async get(id) {
      const { rows } = await sql.query<AiProviderRow>(byId([id]));
      return rows[0] ? toAiProvider(rows[0]) : null;
    },
    async listBySlug(projectId, slug) {
      const { rows } = await sql.query<AiProviderRow>(bySlug([projectId, slug]));
      return rows.map(toAiProvider);
    },
    async idByName(projectId, name) {
      const { rows } = await sql.query<{ id: string }>('SELECT id FROM ai_providers WHERE project_id = $1 AND lower(name) = lower($2)', [
        projectId,
        name,
      ]);
      return rows[0]?.id ?? null;
    },
    async idsLinkedTo(secretId) {
      const { rows } = await sql.query<{ id: string }>('SELECT id FROM ai_providers WHERE secret_id = $1 ORDER BY id', [secretId]);
      return rows.map((row) => row.id);
    },
    async list(options) {
      const { afterKey, afterId, limit } = timeCursorParams(options.cursor, options.limit);
      const { rows } = await sql.query<AiProviderRow>(
        `SELECT ${columns} FROM ai_providers
         WHERE ($1::text IS NULL OR project_id = $1) AND ($2::text IS NULL OR provider = $2) AND ${afterCursor('$3', '$4', 'timestamptz')}
         ORDER BY created_at, id LIMIT $5`,
        [options.projectId, options.provider, afterKey, afterId, limit],
      );
      return pageFrom(rows, options.limit, toAiProvider, (row) => row.created_at);
    },
    async insert(p) {
      await sql.query(`INSERT INTO ai_providers (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)`, [
        p.id,
        p.projectId,
        p.secretId,
        p.name,
        p.provider,
        p.defaultModel,
        p.baseUrl,
        jsonb(p.config),
        p.authMethod,
        p.createdAt,
        p.updatedAt,
      ]);
    },
    async update(p) {
      await sql.query(
        `UPDATE ai_providers SET secret_id = $2, name = $3, default_model = $4, base_url = $5, config = $6::jsonb, auth_method = $7,
           updated_at = $8 WHERE id = $1`,
        [p.id, p.secretId, p.name, p.defaultModel, p.baseUrl, jsonb(p.config), p.authMethod, p.updatedAt],
      );
    },
    async delete(id) {
      await sql.query('DELETE FROM ai_providers WHERE id = $1', [id]);
    },
    async unlinkSecret(secretId, updatedAt) {
      await sql.query('UPDATE ai_providers SET secret_id = NULL, updated_at = $2 WHERE secret_id = $1', [secretId, updatedAt]);
    },
  };
}
