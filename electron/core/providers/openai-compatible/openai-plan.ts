import { modelOrDefault } from '../default-model';
import type { PlanRequest, UpstreamPlan } from '../provider';
import { joinUpstreamUrl } from '../upstream-url';

/**
 * OpenAI's wire format (Chat Completions, Responses, Embeddings), spoken by openai, xai, groq,
 * Ollama's /v1, Azure, gateways and custom endpoints. Streamed chat requests get
 * `stream_options.include_usage` so usage is exact; a client that did not ask never sees that chunk.
 */
export function planOpenAiRequest(
  request: PlanRequest,
  url: URL = joinUpstreamUrl(request.base, request.path, request.query),
): Omit<UpstreamPlan, 'auth'> {
  const { model, changed } = modelOrDefault(request);
  const body = request.body;
  const streamed = body?.stream === true;
  let hideUsageChunk = false;
  let bodyChanged = changed;
  if (body && streamed && /\/(chat\/)?completions$/.test(request.path)) {
    const options =
      typeof body.stream_options === 'object' && body.stream_options !== null ? (body.stream_options as Record<string, unknown>) : null;
    if (options?.include_usage !== true) {
      body.stream_options = { ...options, include_usage: true };
      hideUsageChunk = true;
      bodyChanged = true;
    }
  }
  const metered = request.method === 'POST';
  return { url, model, streamed, metered, hideUsageChunk, bodyChanged };
}
