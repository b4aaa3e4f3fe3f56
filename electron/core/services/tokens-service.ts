import type { AiProvidersRepo } from '../db/ai-providers-repo';
import { AppError, invalidInput } from '../../../shared/errors';
import type { OperationParsedInput, Token, TokenKind } from '../../../shared/operations';
import { isoNow, type Clock } from '../clock';
import type { Store } from '../db/store';
import type { OutageWindow } from '../db/store-outage';
import type { TokensRepo } from '../db/tokens-repo';
import type { EventBus } from '../events';
import { newId } from '../ids';
import type { Logger } from '../log';
import type { Actor } from '../operations/actor';
import { listScope, targetProject, visibleOr404 } from './actor-scope';
import type { AuditService } from './audit-service';
import type { AuthThrottleOptions } from './auth-throttle';
import { changedFieldNames } from './changed-fields';
import { assertFresh, nextVersion, staleWrite } from './edit-precondition';
import type { ProjectsService } from './projects-service';
import { createTokenAuthenticator, type AuthenticatedToken } from './token-authenticator';
import { hashTokenValue, newTokenValue, tokenDisplayPrefix } from './token-values';

/** The contract's inputs after parsing (defaults applied): never restated here. */
export type CreateTokenFields = OperationParsedInput<'createToken'>;
export type UpdateTokenFields = OperationParsedInput<'updateToken'>;

/** Switchboard tokens: issued once, stored as a hash, scoped to a project, revocable. */
export function createTokensService(deps: {
  store: Store;
  clock: Clock;
  log: Logger;
  audit: AuditService;
  projects: ProjectsService;
  events: EventBus;
  authThrottle?: AuthThrottleOptions;
  outage?: OutageWindow;
}) {
  const { store, clock, audit, projects, events } = deps;
  const repo = store.tokens;
  const providers = store.aiProviders;
  const authenticator = createTokenAuthenticator({ store, clock, log: deps.log, throttle: deps.authThrottle, outage: deps.outage });

  const withPendingUse = (token: Token): Token => ({ ...token, lastUsedAt: authenticator.pendingLastUsedAt(token.id) ?? token.lastUsedAt });
  /** `tokens` is the store's repository, or a transaction's inside one. */
  const get = async (actor: Actor, id: string, tokens: TokensRepo = repo): Promise<Token> =>
    withPendingUse(visibleOr404(actor, await tokens.get(id), `Token ${id}`));

  function futureOrNull(expiresAt: string | null | undefined): string | null {
    if (expiresAt === null || expiresAt === undefined) return null;
    const iso = new Date(expiresAt).toISOString();
    if (iso <= isoNow(clock)) throw invalidInput([{ path: 'expiresAt', message: 'must be in the future' }]);
    return iso;
  }

  /** Every `aip_` id a token may call must be a provider of its own project. */
  async function assertProvidersOf(projectId: string, refs: readonly string[], repo: AiProvidersRepo = providers): Promise<void> {
    for (const ref of refs) {
      if (ref.startsWith('aip_') && (await repo.get(ref))?.projectId !== projectId)
        throw invalidInput([{ path: 'allowedProviders', message: `no AI provider ${ref} in this project` }]);
    }
  }

  return {
    get,
    async list(actor: Actor, input: { limit: number; cursor?: string; projectId?: string; kind?: TokenKind; includeRevoked?: boolean }) {
      const page = await repo.list({
        projectId: listScope(actor, input.projectId),
        kind: input.kind ?? null,
        includeRevoked: input.includeRevoked ?? false,
        cursor: input.cursor,
        limit: input.limit,
      });
      return { ...page, items: page.items.map(withPendingUse) };
    },
    /** Issues a token; `value` is the only time the full token exists outside the client. */
    async create(actor: Actor, input: CreateTokenFields): Promise<{ token: Token; value: string }> {
      const projectId = await targetProject(actor, input.projectId, projects.defaultProjectId);
      await projects.assertExists(actor, projectId);
      if (actor.kind === 'token') {
        // A token may hand out only permissions it holds itself.
        const missing = input.permissions.filter((p) => !actor.permissions.has(p));
        if (missing.length > 0)
          throw new AppError('forbidden', `Missing permission ${missing[0]} (a token cannot grant what it lacks)`, {
            permission: missing[0],
            missing,
          });
      }
      await assertProvidersOf(projectId, input.allowedProviders);
      const now = isoNow(clock);
      const value = newTokenValue();
      const token: Token = {
        id: newId('token'),
        projectId,
        name: input.name,
        kind: input.kind,
        prefix: tokenDisplayPrefix(value),
        permissions: [...new Set(input.permissions)],
        allowedProviders: [...new Set(input.allowedProviders)],
        labels: input.labels,
        limits: input.limits,
        expiresAt: futureOrNull(input.expiresAt),
        revokedAt: null,
        lastUsedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await store.transaction(async (tx) => {
        await tx.tokens.insert(token, hashTokenValue(value));
        await audit.record(tx, actor, 'tokens:CreateToken', { type: 'token', id: token.id, projectId }, [
          'name',
          'kind',
          'permissions',
          'allowedProviders',
          'labels',
          'limits',
          'expiresAt',
        ]);
      });
      return { token, value };
    },
    async update(actor: Actor, input: UpdateTokenFields): Promise<Token> {
      const updated = await store.transaction(async (tx) => {
        const current = await get(actor, input.tokenId, tx.tokens);
        assertFresh(`Token ${current.id}`, current, input.ifMatch);
        if (current.revokedAt !== null) throw new AppError('conflict', `Token ${current.id} is revoked and can no longer change`);
        if (input.allowedProviders !== undefined) {
          if (current.kind !== 'job' && input.allowedProviders.length > 0)
            throw invalidInput([{ path: 'allowedProviders', message: 'only a job token calls providers' }]);
          await assertProvidersOf(current.projectId, input.allowedProviders, tx.aiProviders);
        }
        const next: Token = {
          ...current,
          name: input.name ?? current.name,
          allowedProviders: input.allowedProviders === undefined ? current.allowedProviders : [...new Set(input.allowedProviders)],
          labels: input.labels ?? current.labels,
          limits: { ...current.limits, ...input.limits },
          expiresAt: input.expiresAt === undefined ? current.expiresAt : futureOrNull(input.expiresAt),
        };
        const changed = changedFieldNames(current, next);
        if (changed.length === 0) return current;
        next.updatedAt = nextVersion(clock, current.updatedAt);
        if (!(await tx.tokens.update(next, current.updatedAt))) throw staleWrite(`Token ${current.id}`, current, current.updatedAt);
        await audit.record(tx, actor, 'tokens:UpdateToken', { type: 'token', id: next.id, projectId: next.projectId }, changed);
        return next;
      });
      // After the commit: a lookup in between could otherwise cache the old record again.
      authenticator.forget(updated.id);
      events.emit('token.changed', { tokenId: updated.id });
      return updated;
    },
    /** Revokes a token; it is refused from the next request on. Revoking twice changes nothing. */
    async revoke(actor: Actor, input: { tokenId: string }): Promise<Token> {
      const revoked = await store.transaction(async (tx) => {
        const current = await get(actor, input.tokenId, tx.tokens);
        if (current.revokedAt !== null) return current;
        const now = nextVersion(clock, current.updatedAt);
        const next: Token = { ...current, revokedAt: now, updatedAt: now };
        await tx.tokens.update(next);
        await audit.record(tx, actor, 'tokens:RevokeToken', { type: 'token', id: next.id, projectId: next.projectId }, ['revokedAt']);
        return next;
      });
      authenticator.forget(revoked.id);
      events.emit('token.changed', { tokenId: revoked.id });
      return revoked;
    },
    authenticate: authenticator.authenticate,
    /** The actor a token acts as: its own permissions, pinned to its project. */
    actorFor(token: AuthenticatedToken): Actor {
      return { kind: 'token', id: token.id, projectId: token.projectId, permissions: new Set(token.permissions) };
    },
    /** Writes pending `lastUsedAt` values now. */
    flushLastUsed: authenticator.flush,
    dispose: authenticator.dispose,
  };
}
export type TokensService = ReturnType<typeof createTokensService>;
export type { AuthenticatedToken };
