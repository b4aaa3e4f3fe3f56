import type { Token } from '../../../../shared/operations';
import { noTokenLimits } from '../../../../shared/operations/tokens';
import { pageFrom } from '../pagination';
import type { StoredToken, TokensRepo } from '../tokens-repo';
import { afterCursor, named, timeCursorParams, type Sql } from './sql';

interface TokenRow {
  id: string;
  project_id: string;
  name: string;
  kind: Token['kind'];
  hash: Buffer;
  prefix: string;
  permissions: Token['permissions'];
  allowed_providers: string[];
  labels: Record<string, string>;
  limits: Token['limits'];
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
}

function toToken(row: TokenRow): Token {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    kind: row.kind,
    prefix: row.prefix,
    permissions: row.permissions,
    allowedProviders: row.allowed_providers,
    labels: row.labels,
    limits: { ...noTokenLimits, ...row.limits },
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const columns = `id, project_id, name, kind, hash, prefix, permissions, allowed_providers, labels, limits,
  expires_at, revoked_at, last_used_at, created_at, updated_at`;
// Every request whose token is not cached yet comes here.
const byHash = named('token_by_hash', `SELECT ${columns} FROM tokens WHERE hash = $1::bytea`);
// Last uses in id order: two gateways flushing at once lock the rows in the same order.
const touch = named(
  'tokens_touch',
  `UPDATE tokens t SET last_used_at = v.at
     FROM (SELECT * FROM unnest($1::text[], $2::timestamptz[]) AS u(id, at) ORDER BY id) v
    WHERE t.id = v.id AND (t.last_used_at IS NULL OR t.last_used_at < v.at)`,
);

/** The `tokens` table on PostgreSQL. */
export function createPgTokensRepo(sql: Sql): TokensRepo {
  return {
    async get(id) {
      const { rows } = await sql.query<TokenRow>(`SELECT ${columns} FROM tokens WHERE id = $1`, [id]);
      return rows[0] ? toToken(rows[0]) : null;
    },
    async findByHash(hash): Promise<StoredToken | null> {
      const { rows } = await sql.query<TokenRow>(byHash([hash]));
      return rows[0] ? { token: toToken(rows[0]), hash: rows[0].hash } : null;
    },
    async list(options) {
      const { afterKey, afterId, limit } = timeCursorParams(options.cursor, options.limit);
      const { rows } = await sql.query<TokenRow>(
        `SELECT ${columns} FROM tokens
         WHERE ($1::text IS NULL OR project_id = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::boolean OR revoked_at IS NULL)
           AND ${afterCursor('$4', '$5', 'timestamptz')}
         ORDER BY created_at, id LIMIT $6`,
        [options.projectId, options.kind, options.includeRevoked, afterKey, afterId, limit],
      );
      return pageFrom(rows, options.limit, toToken, (row) => row.created_at);
    },
    async insert(t, hash) {
      await sql.query(
        `INSERT INTO tokens (${columns})
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15)`,
        [
          t.id,
          t.projectId,
          t.name,
          t.kind,
          hash,
          t.prefix,
          JSON.stringify(t.permissions),
          JSON.stringify(t.allowedProviders),
          JSON.stringify(t.labels),
          JSON.stringify(t.limits),
          t.expiresAt,
          t.revokedAt,
          t.lastUsedAt,
          t.createdAt,
          t.updatedAt,
        ],
      );
    },
    async update(t, expectedUpdatedAt) {
      const { rowCount } = await sql.query(
        `UPDATE tokens SET name = $2, labels = $3::jsonb, limits = $4::jsonb, expires_at = $5, revoked_at = $6, updated_at = $7,
           allowed_providers = $9::jsonb
         WHERE id = $1 AND ($8::timestamptz IS NULL OR updated_at = $8::timestamptz)`,
        [
          t.id,
          t.name,
          JSON.stringify(t.labels),
          JSON.stringify(t.limits),
          t.expiresAt,
          t.revokedAt,
          t.updatedAt,
          expectedUpdatedAt ?? null,
          JSON.stringify(t.allowedProviders),
        ],
      );
      return (rowCount ?? 0) > 0;
    },
    async touch(lastUses) {
      if (lastUses.length === 0) return;
      await sql.query(touch([lastUses.map(([id]) => id), lastUses.map(([, at]) => at)]));
    },
  };
}
