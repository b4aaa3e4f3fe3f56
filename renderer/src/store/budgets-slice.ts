import type { BudgetStatus, CustomPrice, OperationInput, PriceTableChanges, TokenSpend } from '../../../shared/operations';
import type { ApiClient } from '../api/client';
import { createLoader, idle, type Remote, type SliceCreator } from './slice';

/** Budgets of the current project with where each stands in its period. */
export interface BudgetsSlice {
  budgets: Remote<BudgetStatus[]>;
  /** Capped tokens' spend against their own caps, for the Tokens list. */
  tokenSpend: Remote<TokenSpend[]>;
  loadBudgets(): Promise<void>;
  loadTokenSpend(): Promise<void>;
  createBudget(input: Omit<OperationInput<'createBudget'>, 'projectId'>): Promise<void>;
  updateBudget(input: OperationInput<'updateBudget'>): Promise<void>;
  deleteBudget(budgetId: string): Promise<void>;
  /** Custom prices of one AI provider (the one last loaded). */
  customPrices: Remote<CustomPrice[]>;
  loadCustomPrices(aiProviderId: string): Promise<void>;
  setCustomPrice(input: OperationInput<'setCustomPrice'>): Promise<void>;
  deleteCustomPrice(aiProviderId: string, model: string): Promise<void>;
  /** What a price table file would change (`dryRun`), or changes once imported. */
  importPriceTable(table: unknown, dryRun: boolean): Promise<PriceTableChanges>;
}

export const createBudgetsSlice =
  (api: ApiClient): SliceCreator<BudgetsSlice> =>
  (set, get) => {
    const load = createLoader(set, get);
    return {
      budgets: idle(),
      tokenSpend: idle(),
      loadTokenSpend: () =>
        load('tokenSpend', async () => (await api.call('listTokenSpend', { projectId: get().currentProjectId ?? undefined })).items),
      loadBudgets: () =>
        load('budgets', async () => (await api.call('listBudgets', { projectId: get().currentProjectId ?? undefined, limit: 500 })).items),
      async createBudget(input) {
        await api.call('createBudget', { ...input, projectId: get().currentProjectId ?? undefined });
        await get().loadBudgets();
      },
      async updateBudget(input) {
        await api.call('updateBudget', input);
        await get().loadBudgets();
      },
      async deleteBudget(budgetId) {
        await api.call('deleteBudget', { budgetId });
        await get().loadBudgets();
      },
      customPrices: idle(),
      loadCustomPrices: (aiProviderId) => load('customPrices', async () => (await api.call('listCustomPrices', { aiProviderId })).items),
      async setCustomPrice(input) {
        await api.call('setCustomPrice', input);
        await get().loadCustomPrices(input.aiProviderId);
      },
      async deleteCustomPrice(aiProviderId, model) {
        await api.call('deleteCustomPrice', { aiProviderId, model });
        await get().loadCustomPrices(aiProviderId);
      },
      async importPriceTable(table, dryRun) {
        const changes = await api.call('importPriceTable', { table, dryRun });
        if (!dryRun) await get().loadStatus();
        return changes;
      },
    };
  };
