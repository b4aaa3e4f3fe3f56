/**
 * Usage as the proxy meters it. `inputTokens` never includes cache reads or writes (Anthropic's
 * convention); OpenAI-style counts, whose prompt total includes cached tokens, are converted.
 */
export interface MeteredUsage {
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** An upstream usage report was seen. */
  reported: boolean;
}

export function emptyUsage(model: string | null): MeteredUsage {
  return { model, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reported: false };
}

type Json = Record<string, unknown>;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
const obj = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * Reads one parsed JSON message (an SSE data payload, an NDJSON line, an event-stream payload or a
 * whole response body) of any supported wire format into `usage`. Every format reports running
 * totals, so values replace earlier ones: summing Anthropic's cumulative `message_delta` would overcount.
 */
export function extractUsage(message: unknown, usage: MeteredUsage): void {
  const m = obj(message);
  if (!m) return;
  const type = m.type;
  // Anthropic streaming: message_start carries input and cache counts, message_delta the running output total.
  if (type === 'message_start') {
    const inner = obj(m.message);
    if (inner) {
      usage.model = str(inner.model) ?? usage.model;
      anthropicCounts(obj(inner.usage), usage);
    }
    return;
  }
  if (type === 'message_delta') return anthropicCounts(obj(m.usage), usage);
  // OpenAI Responses streaming: the final response.completed / .incomplete / .failed carries usage.
  const response = obj(m.response);
  if (response && typeof type === 'string' && type.startsWith('response.')) {
    usage.model = str(response.model) ?? usage.model;
    return openAiCounts(obj(response.usage), usage);
  }
  // Gemini: every chunk repeats the running totals in usageMetadata.
  const gemini = obj(m.usageMetadata);
  if (gemini) {
    usage.model = str(m.modelVersion) ?? usage.model;
    const prompt = num(gemini.promptTokenCount) ?? 0;
    const cached = num(gemini.cachedContentTokenCount) ?? 0;
    usage.inputTokens = Math.max(0, prompt - cached);
    usage.cacheReadTokens = cached;
    usage.outputTokens = (num(gemini.candidatesTokenCount) ?? 0) + (num(gemini.thoughtsTokenCount) ?? 0);
    usage.reported = true;
    return;
  }
  // Ollama native: the final line (done: true) has prompt_eval_count and eval_count.
  if (num(m.eval_count) !== undefined || num(m.prompt_eval_count) !== undefined) {
    usage.model = str(m.model) ?? usage.model;
    usage.inputTokens = num(m.prompt_eval_count) ?? usage.inputTokens;
    usage.outputTokens = num(m.eval_count) ?? usage.outputTokens;
    usage.reported = true;
    return;
  }
  const counts = obj(m.usage) ?? obj(obj(m.x_groq)?.usage);
  if (!counts) return;
  usage.model = str(m.model) ?? usage.model;
  // Bedrock Converse (JSON body and the ConverseStream `metadata` event).
  if (num(counts.inputTokens) !== undefined || num(counts.outputTokens) !== undefined) {
    usage.inputTokens = num(counts.inputTokens) ?? 0;
    usage.outputTokens = num(counts.outputTokens) ?? 0;
    usage.cacheReadTokens = num(counts.cacheReadInputTokens) ?? 0;
    usage.cacheWriteTokens = num(counts.cacheWriteInputTokens) ?? 0;
    usage.reported = true;
    return;
  }
  if (type === 'message' || 'cache_read_input_tokens' in counts || 'cache_creation_input_tokens' in counts)
    return anthropicCounts(counts, usage);
  openAiCounts(counts, usage);
}

function anthropicCounts(counts: Json | undefined, usage: MeteredUsage): void {
  if (!counts) return;
  usage.inputTokens = num(counts.input_tokens) ?? usage.inputTokens;
  usage.outputTokens = num(counts.output_tokens) ?? usage.outputTokens;
  usage.cacheReadTokens = num(counts.cache_read_input_tokens) ?? usage.cacheReadTokens;
  usage.cacheWriteTokens = num(counts.cache_creation_input_tokens) ?? usage.cacheWriteTokens;
  usage.reported = true;
}

/** Chat Completions (`prompt_tokens`…), Responses (`input_tokens`…), Embeddings; the prompt total includes cached tokens. */
function openAiCounts(counts: Json | undefined, usage: MeteredUsage): void {
  if (!counts) return;
  const prompt = num(counts.prompt_tokens) ?? num(counts.input_tokens) ?? 0;
  const details = obj(counts.prompt_tokens_details) ?? obj(counts.input_tokens_details);
  const cached = Math.min(prompt, num(details?.cached_tokens) ?? 0);
  usage.inputTokens = prompt - cached;
  usage.cacheReadTokens = cached;
  usage.outputTokens = num(counts.completion_tokens) ?? num(counts.output_tokens) ?? 0;
  usage.reported = true;
}
