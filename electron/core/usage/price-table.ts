import { z } from 'zod';
import publishedPrices from '../../../resources/prices.json';

/** US dollars per million tokens. */
const ModelPrice = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  cacheRead: z.number().min(0),
  cacheWrite: z.number().min(0),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

export const PriceTableFile = z.object({
  asOf: z.iso.date(),
  source: z.string().min(1),
  models: z.record(z.string(), ModelPrice),
  freeProviders: z.array(z.string()).default([]),
});

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

/** The published price table; `priceOf` finds a model by exact name or as a snapshot of a listed one. */
export function createPriceTable(file: unknown = publishedPrices) {
  const table = PriceTableFile.parse(file);
  const keys = Object.keys(table.models).sort((a, b) => b.length - a.length);
  const cache = new Map<string, ModelPrice | null>();

  function priceOf(provider: string, model: string | null): ModelPrice | null {
    if (table.freeProviders.includes(provider)) return free;
    if (!model) return null;
    const hit = cache.get(model);
    if (hit !== undefined) return hit;
    const name = normaliseModelName(model);
    const key = keys.find(
      (candidate) => name === candidate || (name.startsWith(candidate) && snapshotSuffix.test(name.slice(candidate.length))),
    );
    const price = key ? table.models[key]! : null;
    if (cache.size < 10_000) cache.set(model, price);
    return price;
  }

  /** Integer micro-dollars, or null when the model has no price and tokens were used. */
  function costMicroUsd(provider: string, model: string | null, counts: TokenCounts): number | null {
    const used = counts.inputTokens + counts.outputTokens + counts.cacheReadTokens + counts.cacheWriteTokens;
    if (used === 0) return 0;
    const price = priceOf(provider, model);
    if (!price) return null;
    // $/Mtok × tokens = micro-dollars exactly.
    return Math.round(
      price.input * counts.inputTokens +
        price.output * counts.outputTokens +
        price.cacheRead * counts.cacheReadTokens +
        price.cacheWrite * counts.cacheWriteTokens,
    );
  }

  return { asOf: table.asOf, source: table.source, priceOf, costMicroUsd };
}
export type PriceTable = ReturnType<typeof createPriceTable>;
