import { PriceTableFile, type CustomPrice, type ModelPrice, type PriceTableChanges } from '../../../shared/operations/prices';
import type { CustomPricesRepo } from '../db/custom-prices-repo';
import type { SettingsRepo } from '../db/settings-repo';
import { costAt, createModelIndex, createPriceTable, usedNone, type PriceTable, type TokenCounts } from './price-table';

/** The settings key an imported price table is kept under (the bundled one ships with the app). */
const importedTableKey = 'prices.importedTable';

/**
 * Every price a cost is computed from: an admin's custom price for the model on that AI provider
 * first, then the newer of the bundled and the imported price table. Held in memory (lookups are
 * on the hot path) and reloaded when an admin changes it.
 */
export function createPriceBook(deps: { customPrices: Pick<CustomPricesRepo, 'all'>; settings: SettingsRepo; bundled?: unknown }) {
  const bundled = createPriceTable(deps.bundled);
  let table: PriceTable = bundled;
  let custom = new Map<string, (model: string) => ModelPrice | null>();
  let loading: Promise<void> | null = null;
  let loaded = false;

  async function load(): Promise<void> {
    const [prices, imported] = await Promise.all([deps.customPrices.all(), deps.settings.get(importedTableKey)]);
    custom = indexByProvider(prices);
    const importedTable = imported ? createPriceTable(JSON.parse(imported)) : null;
    table = importedTable && importedTable.asOf > bundled.asOf ? importedTable : bundled;
    loaded = true;
  }

  function priceOf(aiProviderId: string | null, slug: string, model: string | null): ModelPrice | null {
    const own = aiProviderId && model ? custom.get(aiProviderId)?.(model) : null;
    return own ?? table.priceOf(slug, model);
  }

  return {
    /** Resolves once custom prices and an imported table are read (at once after the first time). */
    ready(): Promise<void> | void {
      if (loaded) return;
      if (!loading) loading = load();
      return loading;
    },
    /** Reads custom prices and the imported table again, after an admin changed them. */
    reload(): Promise<void> {
      loading = load();
      return loading;
    },
    priceOf,
    /** Integer micro-dollars, or null when the model has no price and tokens were used. */
    costMicroUsd(aiProviderId: string | null, slug: string, model: string | null, counts: TokenCounts): number | null {
      if (usedNone(counts)) return 0;
      const price = priceOf(aiProviderId, slug, model);
      return price ? costAt(price, counts) : null;
    },
    /** The table in use: its date and source. */
    edition: () => ({ asOf: table.asOf, source: table.source }),
    /**
     * Checks a price table file and answers what it would change; unless `dryRun`, keeps it (it
     * replaces the table in use). A table not newer than the one in use is refused.
     */
    async importTable(file: unknown, dryRun: boolean): Promise<PriceTableChanges | { olderThan: string }> {
      await this.ready();
      const parsed = PriceTableFile.parse(file);
      if (parsed.asOf <= table.asOf) return { olderThan: table.asOf };
      const changes = diff(table, parsed);
      if (!dryRun) {
        await deps.settings.set(importedTableKey, JSON.stringify(parsed));
        await load();
      }
      return changes;
    },
  };
}
export type PriceBook = ReturnType<typeof createPriceBook>;

function indexByProvider(prices: readonly CustomPrice[]): Map<string, (model: string) => ModelPrice | null> {
  const models = new Map<string, Record<string, ModelPrice>>();
  for (const { aiProviderId, model, input, output, cacheRead, cacheWrite } of prices) {
    const entry = models.get(aiProviderId) ?? {};
    entry[model] = { input, output, cacheRead, cacheWrite };
    models.set(aiProviderId, entry);
  }
  return new Map([...models].map(([id, entry]) => [id, createModelIndex(entry)]));
}

const samePrice = (a: ModelPrice, b: ModelPrice) =>
  a.input === b.input && a.output === b.output && a.cacheRead === b.cacheRead && a.cacheWrite === b.cacheWrite;

const priceOnly = ({ input, output, cacheRead, cacheWrite }: ModelPrice): ModelPrice => ({ input, output, cacheRead, cacheWrite });

/** Model by model: what a new table adds, removes and reprices. */
function diff(current: PriceTable, next: PriceTableFile): PriceTableChanges {
  const before = current.models;
  const after = next.models;
  return {
    previousAsOf: current.asOf,
    asOf: next.asOf,
    added: Object.keys(after)
      .filter((model) => !(model in before))
      .map((model) => ({ model, price: priceOnly(after[model]!) })),
    removed: Object.keys(before)
      .filter((model) => !(model in after))
      .map((model) => ({ model, price: priceOnly(before[model]!) })),
    changed: Object.keys(after)
      .filter((model) => model in before && !samePrice(before[model]!, after[model]!))
      .map((model) => ({ model, before: priceOnly(before[model]!), after: priceOnly(after[model]!) })),
  };
}
