import { AppError } from '../../../shared/errors';
import type { CustomPrice, ModelPrice, PriceTableChanges } from '../../../shared/operations/prices';
import { isoNow, type Clock } from '../clock';
import type { Store } from '../db/store';
import type { Actor } from '../operations/actor';
import type { AiProvidersService } from './ai-providers-service';
import type { AuditService } from './audit-service';

/** What the price book (in usage, composed in) does for this service. */
export interface PriceBookAccess {
  /** Reads custom prices again after a change. */
  reload(): Promise<void>;
  importTable(file: unknown, dryRun: boolean): Promise<PriceTableChanges | { olderThan: string }>;
}

/** Custom prices per model per AI provider, audited as changes to that provider; and price table imports. */
export function createPricesService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  aiProviders: AiProvidersService;
  book: PriceBookAccess;
}) {
  const { store, clock, audit, aiProviders, book } = deps;

  return {
    async list(actor: Actor, input: { aiProviderId: string }): Promise<{ items: CustomPrice[] }> {
      await aiProviders.get(actor, input.aiProviderId);
      return { items: await store.customPrices.ofProvider(input.aiProviderId) };
    },
    async set(actor: Actor, input: ModelPrice & { aiProviderId: string; model: string }): Promise<CustomPrice> {
      const provider = await aiProviders.get(actor, input.aiProviderId);
      const { aiProviderId, model, input: inputPrice, output, cacheRead, cacheWrite } = input;
      const price: CustomPrice = { aiProviderId, model, input: inputPrice, output, cacheRead, cacheWrite, updatedAt: isoNow(clock) };
      await store.transaction(async (tx) => {
        await tx.customPrices.put(price);
        await audit.record(
          tx,
          actor,
          'aiProviders:UpdateAiProvider',
          { type: 'aiProvider', id: provider.id, projectId: provider.projectId },
          [`prices.${model}`],
        );
      });
      await book.reload();
      return price;
    },
    async delete(actor: Actor, input: { aiProviderId: string; model: string }) {
      const provider = await aiProviders.get(actor, input.aiProviderId);
      await store.transaction(async (tx) => {
        if (!(await tx.customPrices.delete(provider.id, input.model))) {
          throw new AppError('not_found', `AI provider ${provider.name} has no custom price for ${input.model}`);
        }
        await audit.record(
          tx,
          actor,
          'aiProviders:UpdateAiProvider',
          { type: 'aiProvider', id: provider.id, projectId: provider.projectId },
          [`prices.${input.model}`],
        );
      });
      await book.reload();
      return { aiProviderId: provider.id, model: input.model, deleted: true as const };
    },
    /** A newer dated price table replaces the one in use (prices are not per project: an admin's call). */
    async importTable(actor: Actor, input: { table: unknown; dryRun: boolean }): Promise<PriceTableChanges> {
      if (actor.kind === 'token')
        throw new AppError('forbidden', 'The price table is shared by every project: only an admin can import one');
      const result = await book.importTable(input.table, input.dryRun);
      if ('olderThan' in result) {
        throw new AppError('conflict', `This price table is not newer than the one in use (dated ${result.olderThan})`, {
          asOf: result.olderThan,
        });
      }
      if (!input.dryRun) {
        const changed = [...result.added, ...result.removed, ...result.changed].map((change) => `models.${change.model}`);
        await store.transaction((tx) =>
          audit.record(
            tx,
            actor,
            'prices:ImportPriceTable',
            { type: 'priceTable', id: result.asOf, projectId: null },
            changed.slice(0, 200),
          ),
        );
      }
      return result;
    },
  };
}
export type PricesService = ReturnType<typeof createPricesService>;
