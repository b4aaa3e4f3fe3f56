import { AppError, invalidInput } from '../../../shared/errors';
import type {
  Budget,
  BudgetStatus,
  BudgetWebhook,
  CreateBudgetInput,
  TokenSpend,
  UpdateBudgetInput,
} from '../../../shared/operations/budgets';
import type { SystemStatus } from '../../../shared/operations/system';
import { budgetWindow } from '../budget-periods';
import { isoNow, type Clock } from '../clock';
import type { BudgetsRepo } from '../db/budgets-repo';
import type { Store, StoreTx } from '../db/store';
import type { EventBus } from '../events';
import { newId } from '../ids';
import type { Actor } from '../operations/actor';
import { listScope, targetProject, visibleOr404 } from './actor-scope';
import { budgetCounter, tokenCapCounter } from './budget-counters';
import type { AuditService } from './audit-service';
import { changedFieldNames } from './changed-fields';
import type { ProjectsService } from './projects-service';

/** Budgets: spend caps per token, project or AI provider and period, with where each stands now. */
export function createBudgetsService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  projects: ProjectsService;
  events: EventBus;
}) {
  const { store, clock, audit, projects, events } = deps;

  const get = async (actor: Actor, id: string, budgets: BudgetsRepo = store.budgets): Promise<Budget> =>
    visibleOr404(actor, await budgets.get(id), `Budget ${id}`);

  /**
   * Spent and reserved in the budget's current period, from the ledger; a period no request has
   * been charged to yet stands at what its scope's usage already spent in it.
   */
  async function withStatus(budget: Budget): Promise<BudgetStatus> {
    const window = budgetWindow(budget.period, budget.timeZone, clock.now());
    const [balance] = await store.budgetLedger.standings([budgetCounter(budget, window)]);
    return {
      ...budget,
      periodStart: window.start === 'lifetime' ? budget.createdAt : window.start,
      periodEnd: window.end,
      spentMicroUsd: balance?.spentMicroUsd ?? 0,
      reservedMicroUsd: balance?.reservedMicroUsd ?? 0,
    };
  }

  /** The capped record must exist in the budget's project. */
  async function assertScope(tx: StoreTx, projectId: string, scope: Budget['scope'], scopeId: string): Promise<void> {
    const found =
      scope === 'project'
        ? scopeId === projectId
        : scope === 'token'
          ? (await tx.tokens.get(scopeId))?.projectId === projectId
          : (await tx.aiProviders.get(scopeId))?.projectId === projectId;
    const what = { token: 'token', project: 'project', aiProvider: 'AI provider' }[scope];
    if (!found) throw invalidInput([{ path: 'scopeId', message: `no ${what} ${scopeId} in project ${projectId}` }]);
  }

  function changed(budget: Budget): void {
    events.emit('budget.changed', { budgetId: budget.id, projectId: budget.projectId });
  }

  const target = (budget: Budget) => ({ type: 'budget' as const, id: budget.id, projectId: budget.projectId });

  return {
    get: async (actor: Actor, id: string) => withStatus(await get(actor, id)),
    async list(actor: Actor, input: { limit: number; cursor?: string; projectId?: string }) {
      const page = await store.budgets.list({ projectId: listScope(actor, input.projectId), cursor: input.cursor, limit: input.limit });
      return { ...page, items: await Promise.all(page.items.map(withStatus)) };
    },
    async create(actor: Actor, input: CreateBudgetInput): Promise<BudgetStatus> {
      const projectId = await targetProject(actor, input.projectId, projects.defaultProjectId);
      await projects.assertExists(actor, projectId);
      const now = isoNow(clock);
      const budget: Budget = {
        id: newId('budget'),
        projectId,
        name: input.name,
        scope: input.scope,
        scopeId: input.scopeId,
        period: input.period,
        timeZone: input.timeZone,
        capUsd: input.capUsd,
        allowUnpriced: input.allowUnpriced,
        createdAt: now,
        updatedAt: now,
      };
      await store.transaction(async (tx) => {
        await assertScope(tx, projectId, budget.scope, budget.scopeId);
        await tx.budgets.insert(budget);
        await audit.record(tx, actor, 'budgets:CreateBudget', target(budget), [
          'name',
          'scope',
          'scopeId',
          'period',
          'timeZone',
          'capUsd',
          'allowUnpriced',
        ]);
      });
      changed(budget);
      return withStatus(budget);
    },
    async update(actor: Actor, input: UpdateBudgetInput): Promise<BudgetStatus> {
      const updated = await store.transaction(async (tx) => {
        const current = await get(actor, input.budgetId, tx.budgets);
        const next: Budget = {
          ...current,
          name: input.name ?? current.name,
          period: input.period ?? current.period,
          timeZone: input.timeZone ?? current.timeZone,
          capUsd: input.capUsd ?? current.capUsd,
          allowUnpriced: input.allowUnpriced ?? current.allowUnpriced,
        };
        const fields = changedFieldNames(current, next);
        if (fields.length === 0) return current;
        next.updatedAt = isoNow(clock);
        await tx.budgets.update(next);
        await audit.record(tx, actor, 'budgets:UpdateBudget', target(next), fields);
        return next;
      });
      changed(updated);
      return withStatus(updated);
    },
    async delete(actor: Actor, input: { budgetId: string }) {
      const budget = await store.transaction(async (tx) => {
        const current = await get(actor, input.budgetId, tx.budgets);
        await tx.budgets.delete(current.id);
        await audit.record(tx, actor, 'budgets:DeleteBudget', target(current));
        return current;
      });
      changed(budget);
      return { id: budget.id, deleted: true as const };
    },
    /** The budget closest to its cap, over every project (for the tray and the status bar). */
    async nearest(): Promise<SystemStatus['nearestBudget']> {
      const page = await store.budgets.list({ projectId: null, limit: 500 });
      const statuses = await Promise.all(page.items.map(withStatus));
      const use = (b: BudgetStatus) => (b.spentMicroUsd + b.reservedMicroUsd) / Math.max(1, Math.round(b.capUsd * 1_000_000));
      const nearest = statuses.sort((a, b) => use(b) - use(a))[0];
      if (!nearest) return null;
      const { id, name, projectId, spentMicroUsd, reservedMicroUsd, capUsd, periodEnd } = nearest;
      return { budgetId: id, name, projectId, spentMicroUsd, reservedMicroUsd, capMicroUsd: Math.round(capUsd * 1_000_000), periodEnd };
    },
    /** Capped job tokens (live ones, up to 500) with their lifetime spend: from the ledger, or for a token not yet charged under its cap, from its usage so far. */
    async tokenSpend(actor: Actor, input: { projectId?: string }): Promise<{ items: TokenSpend[] }> {
      const page = await store.tokens.list({
        projectId: listScope(actor, input.projectId),
        kind: 'job',
        includeRevoked: false,
        limit: 500,
      });
      const capped = page.items.flatMap((token) => {
        const counter = tokenCapCounter(token);
        return counter ? [{ token, counter }] : [];
      });
      const standings = await store.budgetLedger.standings(capped.map(({ counter }) => counter));
      return {
        items: capped.map(({ token }, i) => ({
          tokenId: token.id,
          capUsd: token.limits.spendCapUsd!,
          spentMicroUsd: standings[i]!.spentMicroUsd,
          reservedMicroUsd: standings[i]!.reservedMicroUsd,
        })),
      };
    },
    async getWebhook(actor: Actor, input: { projectId: string }): Promise<{ webhook: BudgetWebhook | null }> {
      await projects.assertExists(actor, input.projectId);
      return { webhook: await store.budgetWebhooks.get(input.projectId) };
    },
    async setWebhook(actor: Actor, input: { projectId: string; url: string; secretId: string | null }): Promise<BudgetWebhook> {
      await projects.assertExists(actor, input.projectId);
      const webhook: BudgetWebhook = { projectId: input.projectId, url: input.url, secretId: input.secretId, updatedAt: isoNow(clock) };
      await store.transaction(async (tx) => {
        if (input.secretId && (await tx.secrets.get(input.secretId))?.projectId !== input.projectId) {
          throw invalidInput([{ path: 'secretId', message: `no secret ${input.secretId} in project ${input.projectId}` }]);
        }
        await tx.budgetWebhooks.put(webhook);
        const target = { type: 'project' as const, id: input.projectId, projectId: input.projectId };
        await audit.record(tx, actor, 'budgets:UpdateBudget', target, ['budgetWebhook.url', 'budgetWebhook.secretId']);
      });
      return webhook;
    },
    async deleteWebhook(actor: Actor, input: { projectId: string }) {
      await projects.assertExists(actor, input.projectId);
      await store.transaction(async (tx) => {
        if (!(await tx.budgetWebhooks.delete(input.projectId))) {
          throw new AppError('not_found', `Project ${input.projectId} posts no budget alerts`);
        }
        await audit.record(tx, actor, 'budgets:UpdateBudget', { type: 'project', id: input.projectId, projectId: input.projectId }, [
          'budgetWebhook',
        ]);
      });
      return { projectId: input.projectId, deleted: true as const };
    },
  };
}
export type BudgetsService = ReturnType<typeof createBudgetsService>;
