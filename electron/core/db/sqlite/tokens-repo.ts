import type { Token } from '../../../../shared/operations';
import { noTokenLimits } from '../../../../shared/operations/tokens';
import type { StoredToken, TokensRepo } from '../tokens-repo';
import type { Db } from './database';
import type { Synchronous } from './promised';
import { cursorParams, pageFrom } from '../pagination';

interface TokenRow {
  id: string;
  project_id: string;
  name: string;
  kind: Token['kind'];
  hash: Buffer;
  prefix: string;
  permissions: string;
  allowed_providers: string;
  labels: string;
  limits: string;
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
    permissions: JSON.parse(row.permissions) as Token['permissions'],
    allowedProviders: JSON.parse(row.allowed_providers) as string[],
    labels: JSON.parse(row.labels) as Record<string, string>,
    limits: { ...noTokenLimits, ...(JSON.parse(row.limits) as Partial<Token['limits']>) },
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toParams(token: Token) {
  return {
    id: token.id,
    projectId: token.projectId,
    name: token.name,
    kind: token.kind,
    prefix: token.prefix,
    permissions: JSON.stringify(token.permissions),
    allowedProviders: JSON.stringify(token.allowedProviders),
    labels: JSON.stringify(token.labels),
    limits: JSON.stringify(token.limits),
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    lastUsedAt: token.lastUsedAt,
    createdAt: token.createdAt,
    updatedAt: token.updatedAt,
  };
}

/** The `tokens` table. */
export function createTokensRepo(db: Db): Synchronous<TokensRepo> {
  const byId = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE id = ?');
  const byHash = db.prepare<[Buffer], TokenRow>('SELECT * FROM tokens WHERE hash = ?');
  const page = db.prepare<
    {
      projectId: string | null;
      kind: string | null;
      includeRevoked: number;
      afterKey: string | null;
      afterId: string | null;
      limit: number;
    },
    TokenRow
  >(
    `SELECT * FROM tokens
     WHERE (@projectId IS NULL OR project_id = @projectId)
       AND (@kind IS NULL OR kind = @kind)
       AND (@includeRevoked = 1 OR revoked_at IS NULL)
       AND (@afterKey IS NULL OR created_at > @afterKey OR (created_at = @afterKey AND id > @afterId))
     ORDER BY created_at, id LIMIT @limit`,
  );
  const insert = db.prepare(
    `INSERT INTO tokens (id, project_id, name, kind, hash, prefix, permissions, allowed_providers, labels, limits,
       expires_at, revoked_at, last_used_at, created_at, updated_at)
     VALUES (@id, @projectId, @name, @kind, @hash, @prefix, @permissions, @allowedProviders, @labels, @limits,
       @expiresAt, @revokedAt, @lastUsedAt, @createdAt, @updatedAt)`,
  );
  const update = db.prepare(
    `UPDATE tokens SET name = @name, allowed_providers = @allowedProviders, labels = @labels, limits = @limits, expires_at = @expiresAt,
       revoked_at = @revokedAt, updated_at = @updatedAt WHERE id = @id AND (@expected IS NULL OR updated_at = @expected)`,
  );
  const touch = db.prepare('UPDATE tokens SET last_used_at = @at WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @at)');

  return {
    get(id) {
      const row = byId.get(id);
      return row ? toToken(row) : null;
    },
    findByHash(hash): StoredToken | null {
      const row = byHash.get(hash);
      return row ? { token: toToken(row), hash: row.hash } : null;
    },
    list(options) {
      const rows = page.all({
        projectId: options.projectId,
        kind: options.kind,
        includeRevoked: options.includeRevoked ? 1 : 0,
        ...cursorParams(options.cursor, options.limit),
      });
      return pageFrom(rows, options.limit, toToken, (row) => row.created_at);
    },
    insert(token, hash) {
      insert.run({ ...toParams(token), hash });
    },
    update(token, expectedUpdatedAt) {
      return update.run({ ...toParams(token), expected: expectedUpdatedAt ?? null }).changes > 0;
    },
    touch: db.transaction((lastUses: ReadonlyArray<readonly [string, string]>) => {
      for (const [id, at] of lastUses) touch.run({ id, at });
    }),
  };
}
