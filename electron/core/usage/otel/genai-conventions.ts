import type { UsageRecord } from '../../../../shared/operations/usage';

/**
 * The OpenTelemetry GenAI semantic conventions this gateway speaks. By default the names of
 * semantic conventions v1.41; with `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental`, the
 * latest ones (cache writes renamed, time to first chunk). Names are data here, so a rename is one line.
 */
export interface GenAiNames {
  cacheWriteTokens: string;
  /** Span attribute for a stream's time to first chunk, in seconds; null when the version has none. */
  timeToFirstChunk: string | null;
  /** Histogram of a stream's time to first chunk, in seconds; null when the version has none. */
  timeToFirstChunkMetric: string | null;
}

export const genAiNamesV141: GenAiNames = {
  cacheWriteTokens: 'gen_ai.usage.cache_creation.input_tokens',
  timeToFirstChunk: null,
  timeToFirstChunkMetric: null,
};

export const genAiNamesLatest: GenAiNames = {
  cacheWriteTokens: 'gen_ai.usage.cache_write.input_tokens',
  timeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  timeToFirstChunkMetric: 'gen_ai.client.operation.time_to_first_chunk',
};

/** `OTEL_SEMCONV_STABILITY_OPT_IN` is a comma-separated list; `gen_ai_latest_experimental` picks the latest names. */
export function genAiNamesFor(optIn: string | undefined): GenAiNames {
  const values = (optIn ?? '').split(',').map((value) => value.trim());
  return values.includes('gen_ai_latest_experimental') ? genAiNamesLatest : genAiNamesV141;
}

/** Switchboard's provider slugs as the conventions' well-known `gen_ai.provider.name` values; others keep their slug. */
const providerNames: Record<string, string> = {
  anthropic: 'anthropic',
  openai: 'openai',
  azure: 'azure.ai.openai',
  google: 'gcp.gemini',
  bedrock: 'aws.bedrock',
  xai: 'x_ai',
  groq: 'groq',
};

export function providerNameOf(slug: string): string {
  return providerNames[slug] ?? slug;
}

/** The operation an upstream path performs, in the conventions' words. */
export function operationOf(endpoint: string): string {
  if (/embed/i.test(endpoint)) return 'embeddings';
  if (/:(stream)?generatecontent/i.test(endpoint)) return 'generate_content';
  if (/\/completions$/.test(endpoint) && !/\/chat\/completions$/.test(endpoint)) return 'text_completion';
  return 'chat';
}

/** `gen_ai.usage.input_tokens` counts every input token, cache reads and writes included (Anthropic reports them apart). */
export function inputTokensOf(row: UsageRecord): number {
  return row.inputTokens + row.cacheReadTokens + row.cacheWriteTokens;
}
