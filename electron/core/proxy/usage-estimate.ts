/** Tokens a request may use, estimated before the upstream answers. */
export interface UsageEstimate {
  inputTokens: number;
  outputTokens: number;
}

/** About four bytes of JSON per token: generous for prose, so an estimate errs on the dear side. */
const bytesPerToken = 4;
/** What an answer may run to when the request sets no bound: the common default of provider SDKs. */
export const defaultOutputTokens = 4096;

/** The output bound each wire format spells its own way (Anthropic, OpenAI chat and responses, Gemini, Bedrock). */
function outputBound(body: Record<string, unknown>): number | null {
  const candidates = [
    body.max_tokens,
    body.max_completion_tokens,
    body.max_output_tokens,
    (body.generationConfig as Record<string, unknown> | undefined)?.maxOutputTokens,
    (body.inferenceConfig as Record<string, unknown> | undefined)?.maxTokens,
    (body.options as Record<string, unknown> | undefined)?.num_predict,
  ];
  for (const value of candidates) if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.ceil(value);
  return null;
}

/**
 * What a request is charged when its answer's usage cannot be read: the body's size in tokens plus
 * the output bound it asked for. Unknown usage is never free, so a spend cap still holds.
 */
export function estimateUsage(bodyBytes: number, body: Record<string, unknown> | null): UsageEstimate {
  return {
    inputTokens: Math.ceil(bodyBytes / bytesPerToken),
    outputTokens: (body && outputBound(body)) ?? defaultOutputTokens,
  };
}
