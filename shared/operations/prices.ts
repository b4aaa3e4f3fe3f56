import { z } from 'zod';
import { AiProviderId } from '../ids';
import { ModelName } from './ai-providers';
import { Timestamp } from './common';
import { defineOperation } from './define';

const perMillion = z.number().min(0).max(100_000);
const priceFields = { input: perMillion, output: perMillion, cacheRead: perMillion, cacheWrite: perMillion };

/** US dollars per million tokens. */
export const ModelPrice = z.strictObject(priceFields);
export type ModelPrice = z.infer<typeof ModelPrice>;

/** An admin's price for a model on one AI provider: it comes before the published price table. */
export const CustomPrice = ModelPrice.extend({
  aiProviderId: z.string(),
  model: z.string(),
  updatedAt: Timestamp,
});
export type CustomPrice = z.infer<typeof CustomPrice>;

/** A dated price table file, the shape of `resources/prices.json`. */
export const PriceTableFile = z.object({
  asOf: z.iso.date(),
  source: z.string().min(1),
  models: z.record(z.string(), z.object(priceFields)),
  freeProviders: z.array(z.string()).default([]),
});
export type PriceTableFile = z.infer<typeof PriceTableFile>;

/** What importing a price table changed, model by model. */
export const PriceTableChanges = z.object({
  previousAsOf: z.string(),
  asOf: z.string(),
  added: z.array(z.object({ model: z.string(), price: ModelPrice })),
  removed: z.array(z.object({ model: z.string(), price: ModelPrice })),
  changed: z.array(z.object({ model: z.string(), before: ModelPrice, after: ModelPrice })),
});
export type PriceTableChanges = z.infer<typeof PriceTableChanges>;

/**
 * Custom prices per model per AI provider, over the published table; and importing a newer table.
 * @example POST /api/v1/ai-providers/aip_…/prices { "model": "claude-opus-5", "input": 5, "output": 25, "cacheRead": 0.5, "cacheWrite": 6.25 }
 */
export const priceOperations = {
  listCustomPrices: defineOperation({
    summary: "List an AI provider's custom model prices.",
    input: z.strictObject({ aiProviderId: AiProviderId }),
    output: z.object({ items: z.array(CustomPrice) }),
    permission: 'aiProviders:GetAiProvider',
    http: { method: 'GET', path: '/ai-providers/:aiProviderId/prices' },
  }),
  setCustomPrice: defineOperation({
    summary: 'Set the price of a model on an AI provider (US dollars per million tokens); it comes before the published table.',
    input: ModelPrice.extend({ aiProviderId: AiProviderId, model: ModelName }),
    output: CustomPrice,
    permission: 'aiProviders:UpdateAiProvider',
    http: { method: 'POST', path: '/ai-providers/:aiProviderId/prices' },
  }),
  deleteCustomPrice: defineOperation({
    summary: "Remove a model's custom price on an AI provider; the published table applies again.",
    input: z.strictObject({ aiProviderId: AiProviderId, model: ModelName }),
    output: z.object({ aiProviderId: z.string(), model: z.string(), deleted: z.literal(true) }),
    permission: 'aiProviders:UpdateAiProvider',
    http: { method: 'DELETE', path: '/ai-providers/:aiProviderId/prices/:model' },
  }),
  importPriceTable: defineOperation({
    summary: 'Replace the model price table with a newer dated one; answers what changed.',
    input: z.strictObject({ table: z.unknown(), dryRun: z.boolean().default(false) }),
    output: PriceTableChanges,
    permission: 'prices:ImportPriceTable',
    http: { method: 'POST', path: '/prices/import' },
  }),
};
