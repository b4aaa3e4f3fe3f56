import { AppError } from '../../../shared/errors';
import type { AiProvider, OperationParsedInput } from '../../../shared/operations';
import type { ProviderSlug } from '../../../shared/slugs';
import { isoNow, type Clock } from '../clock';
import type { AiProvidersRepo } from '../db/ai-providers-repo';
import type { Store } from '../db/store';
import type { EventBus } from '../events';
import { withUniqueAs409 } from '../db/unique-violation';
import { newId } from '../ids';
import type { Actor } from '../operations/actor';
import { listScope, targetProject, visibleOr404 } from './actor-scope';
import type { AuditService } from './audit-service';
import { changedFieldNames } from './changed-fields';
import type { ProjectsService } from './projects-service';
import { providerRuleIssues, ruleError, secretFormatIssue, storedBaseUrl } from './provider-rules';
import type { SecretsService } from './secrets-service';

/** The contract's inputs after parsing (defaults applied): never restated here. */
export type CreateAiProviderFields = OperationParsedInput<'createAiProvider'>;
export type UpdateAiProviderFields = OperationParsedInput<'updateAiProvider'>;

/** The per-project registry of AI provider configurations. */
export function createAiProvidersService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  projects: ProjectsService;
  secrets: SecretsService;
  events: EventBus;
}) {
  const { store, clock, audit, projects, secrets, events } = deps;
  const repo = store.aiProviders;
  const nameTaken = (name: string) => `An AI provider named "${name}" already exists in this project`;

  /** `providers` is the store's repository, or a transaction's inside one. */
  async function get(actor: Actor, id: string, providers: AiProvidersRepo = repo): Promise<AiProvider> {
    return visibleOr404(actor, await providers.get(id), `AI provider ${id}`);
  }

  /** Checks the provider as it will be stored: per-slug rules, the linked secret, a free name. */
  async function check(candidate: AiProvider, options: { nameChanged: boolean; secretChanged: boolean }): Promise<void> {
    const issues = providerRuleIssues(candidate);
    if (candidate.secretId !== null && options.secretChanged) {
      const secret = await secrets.find(candidate.secretId);
      if (!secret || secret.projectId !== candidate.projectId)
        issues.push({ path: 'secretId', message: `no secret ${candidate.secretId} in this project` });
    }
    if (issues.length > 0) throw ruleError(issues);
    if (options.secretChanged && candidate.secretId !== null) {
      const secretId = candidate.secretId;
      const formatIssue = await secretFormatIssue(candidate, () => secrets.readValue(secretId));
      if (formatIssue) throw ruleError([formatIssue]);
    }
    if (options.nameChanged) {
      const holder = await repo.idByName(candidate.projectId, candidate.name);
      if (holder && holder !== candidate.id)
        throw new AppError('conflict', nameTaken(candidate.name), { field: 'name', aiProviderId: holder });
    }
  }

  return {
    get,
    list(actor: Actor, input: { limit: number; cursor?: string; projectId?: string; provider?: ProviderSlug }) {
      return repo.list({
        projectId: listScope(actor, input.projectId),
        provider: input.provider ?? null,
        cursor: input.cursor,
        limit: input.limit,
      });
    },
    async create(actor: Actor, input: CreateAiProviderFields): Promise<AiProvider> {
      const projectId = await targetProject(actor, input.projectId, projects.defaultProjectId);
      await projects.assertExists(actor, projectId);
      const now = isoNow(clock);
      const aiProvider: AiProvider = {
        id: newId('aiProvider'),
        projectId,
        secretId: input.secretId ?? null,
        name: input.name,
        provider: input.provider,
        defaultModel: input.defaultModel,
        baseUrl: storedBaseUrl({ provider: input.provider, baseUrl: input.baseUrl ?? null }),
        config: input.config ?? null,
        authMethod: input.authMethod,
        createdAt: now,
        updatedAt: now,
      };
      await check(aiProvider, { nameChanged: true, secretChanged: true });
      const setFields = Object.entries(aiProvider)
        .filter(([key, value]) => value !== null && !['id', 'projectId', 'createdAt', 'updatedAt'].includes(key))
        .map(([key]) => key);
      await store.transaction(async (tx) => {
        await withUniqueAs409(nameTaken(aiProvider.name), { field: 'name' }, () => tx.aiProviders.insert(aiProvider));
        await audit.record(tx, actor, 'aiProviders:CreateAiProvider', { type: 'aiProvider', id: aiProvider.id, projectId }, setFields);
      });
      return aiProvider;
    },
    async update(actor: Actor, input: UpdateAiProviderFields): Promise<AiProvider> {
      const current = await get(actor, input.aiProviderId);
      const { aiProviderId: _id, ...patch } = input;
      const next: AiProvider = { ...current };
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) (next as Record<string, unknown>)[key] = value;
      }
      next.baseUrl = storedBaseUrl(next);
      const changed = changedFieldNames(current, next);
      if (changed.length === 0) return current;
      await check(next, { nameChanged: changed.includes('name'), secretChanged: changed.includes('secretId') });
      next.updatedAt = isoNow(clock);
      await store.transaction(async (tx) => {
        if (!(await tx.aiProviders.get(current.id))) throw new AppError('not_found', `AI provider ${current.id} not found`);
        await withUniqueAs409(nameTaken(next.name), { field: 'name' }, () => tx.aiProviders.update(next));
        await audit.record(
          tx,
          actor,
          'aiProviders:UpdateAiProvider',
          { type: 'aiProvider', id: next.id, projectId: next.projectId },
          changed,
        );
      });
      events.emit('aiProvider.changed', { aiProviderId: next.id });
      return next;
    },
    async delete(actor: Actor, input: { aiProviderId: string }) {
      await store.transaction(async (tx) => {
        const aiProvider = await get(actor, input.aiProviderId, tx.aiProviders);
        await tx.aiProviders.delete(aiProvider.id);
        await audit.record(tx, actor, 'aiProviders:DeleteAiProvider', {
          type: 'aiProvider',
          id: aiProvider.id,
          projectId: aiProvider.projectId,
        });
      });
      events.emit('aiProvider.changed', { aiProviderId: input.aiProviderId });
      return { id: input.aiProviderId, deleted: true as const };
    },
    /**
     * The provider a proxied request names: `ref` is an `aip_` id (of this project) or a slug
     * (the project's one provider of that kind). 404 when none; 409 listing the ids when a slug
     * matches several (the client should use an id).
     */
    async resolveForProxy(projectId: string, ref: string): Promise<AiProvider> {
      if (ref.startsWith('aip_')) {
        const aiProvider = await repo.get(ref);
        if (!aiProvider || aiProvider.projectId !== projectId)
          throw new AppError('not_found', `AI provider ${ref.slice(0, 64)} not found in this project`);
        return aiProvider;
      }
      const matches = await repo.listBySlug(projectId, ref);
      if (matches.length === 0) throw new AppError('not_found', `No AI provider "${ref.slice(0, 64)}" in this project`);
      if (matches.length > 1) {
        const ids = matches.map((p) => p.id);
        throw new AppError('conflict', `Several "${ref}" providers exist in this project; use one of their ids (${ids.join(', ')})`, {
          aiProviderIds: ids,
        });
      }
      return matches[0]!;
    },
  };
}
export type AiProvidersService = ReturnType<typeof createAiProvidersService>;
