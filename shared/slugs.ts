import { z } from 'zod';

/** The provider kinds Switchboard can route to; also the first path segment under /v3/ai/. */
export const providerSlugs = [
  'openai',
  'anthropic',
  'google',
  'xai',
  'groq',
  'ollama',
  'azure',
  'bedrock',
  'gateway',
  'custom',
] as const;
export const ProviderSlug = z.enum(providerSlugs);
export type ProviderSlug = z.infer<typeof ProviderSlug>;

/** Human names for things people type: letters, digits, space and a little punctuation. */
export const Name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[\p{L}\p{N} ._:/@()-]+$/u, 'may contain letters, digits, spaces and . _ : / @ ( ) -');
