import { z } from 'zod';
import { providerFacts } from './provider-facts';

/** The provider kinds Switchboard can route to, one per row of the facts table; also the first path segment under /v3/ai/. */
export const providerSlugs = Object.keys(providerFacts) as [keyof typeof providerFacts, ...(keyof typeof providerFacts)[]];
export const ProviderSlug = z.enum(providerSlugs);
export type ProviderSlug = z.infer<typeof ProviderSlug>;

/** Human names for things people type: letters, digits, space and a little punctuation. */
export const Name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[\p{L}\p{N} ._:/@()-]+$/u, 'may contain letters, digits, spaces and . _ : / @ ( ) -');
