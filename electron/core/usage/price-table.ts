import { PriceTableFile, type ModelPrice } from '../../../shared/operations/prices';
import publishedPrices from '../../../resources/prices.json';

export type { ModelPrice };

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

const free: ModelPrice = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

/**
 * What may follow a listed name and still be the same model: a dated snapshot (`-20250929`,
 * `-2024-08-06`, `-0709`), a version (`-001`) or `-latest`. Anything else (`-pro`, `-6`, `-fast`)
 * may be priced differently, so it stays unpriced (flagged) rather than take a sibling's price.
 */
const snapshotSuffix = /^-(\d{8}|\d{4}-\d{2}-\d{2}|\d{4}|\d{3}|latest)$/;

/** Strips what hosts add around a model name: `us.anthropic.claude-sonnet-4-20250514-v1:0` → `claude-sonnet-4-20250514`, `models/gemini-2.5-pro` → `gemini-2.5-pro`. */
export function normaliseModelName(model: string): string {
  let name = model.trim().toLowerCase();
  name = name.replace(/^models\//, '');
  name = name.replace(/^(us|eu|apac|global|jp|au)\./, '');
  name = name.replace(/^(anthropic|meta|amazon|mistral|cohere|openai|google|xai)[./]/, '');
  name = name.replace(/-v\d+(:\d+)?$/, '').replace(/:\d+$/, '');
  return name;
}

/**
 * Prices by model name: a model is found by its exact (normalised) name or as a snapshot of a
 * listed one. Keys are normalised too, so a custom price for `US.Anthropic.X-v1:0` finds `x`.
 */
export function createModelIndex(models: Readonly<Record<string, ModelPrice>>) {
  const byName = new Map(Object.entries(models).map(([key, price]) => [normaliseModelName(key), price]));
  const keys = [...byName.keys()].sort((a, b) => b.length - a.length);
  const cache = new Map<string, ModelPrice | null>();
  return function find(model: string): ModelPrice | null {
    const hit = cache.get(model);
    if (hit !== undefined) return hit;
    const name = normaliseModelName(model);
    const key = keys.find(
      (candidate) => name === candidate || (name.startsWith(candidate) && snapshotSuffix.test(name.slice(candidate.length))),
    );
    const price = key ? byName.get(key)! : null;
    if (cache.size < 10_000) cache.set(model, price);
    return price;
  };
}

/** Integer micro-dollars for token counts at a price ($/Mtok × tokens = micro-dollars exactly). */
export function costAt(price: ModelPrice, counts: TokenCounts): number {
  return Math.round(
    price.input * counts.inputTokens +
      price.output * counts.outputTokens +
      price.cacheRead * counts.cacheReadTokens +
      price.cacheWrite * counts.cacheWriteTokens,
  );
}

/** The published price table; `priceOf` finds a model by exact name or as a snapshot of a listed one. */
export function createPriceTable(file: unknown = publishedPrices) {
  const table = PriceTableFile.parse(file);
  const find = createModelIndex(table.models);

  function priceOf(provider: string, model: string | null): ModelPrice | null {
    if (table.freeProviders.includes(provider)) return free;
    return model ? find(model) : null;
  }

  /** Integer micro-dollars, or null when the model has no price and tokens were used. */
  function costMicroUsd(provider: string, model: string | null, counts: TokenCounts): number | null {
    if (usedNone(counts)) return 0;
    const price = priceOf(provider, model);
    return price ? costAt(price, counts) : null;
  }

  return { asOf: table.asOf, source: table.source, models: table.models, priceOf, costMicroUsd };
}

export function usedNone(counts: TokenCounts): boolean {
  return counts.inputTokens + counts.outputTokens + counts.cacheReadTokens + counts.cacheWriteTokens === 0;
}
export type PriceTable = ReturnType<typeof createPriceTable>;
