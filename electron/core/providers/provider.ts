import type { IncomingHttpHeaders } from 'node:http';
import type { AppError } from '../../../shared/errors';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { ProviderFacts } from '../../../shared/provider-facts';
import type { ProviderSlug } from '../../../shared/slugs';
import type { ErrorAnswer } from './error-answers';

/** What a provider needs to plan one upstream request. */
export interface PlanRequest {
  aiProvider: AiProvider;
  method: string;
  /** The upstream path as the client wrote it after `/v3/ai/<provider>`, e.g. `/v1/messages`. */
  path: string;
  /** The client's query string, credential parameters already removed. */
  query: URLSearchParams;
  /** The parsed JSON body, which the plan may change (then it sets `bodyChanged`); null when not JSON. */
  body: Record<string, unknown> | null;
  /** The upstream base: the record's `baseUrl`, or the provider's default. */
  base: URL;
}

export interface SignableRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** Token counts an upstream reports in response headers rather than in the body. */
export interface HeaderUsage {
  inputTokens: number;
  outputTokens: number;
}

/** How to call the upstream for one request, and how to meter the answer. */
export interface UpstreamPlan {
  url: URL;
  model: string | null;
  streamed: boolean;
  /** False for calls that use no tokens (count_tokens, model lists). */
  metered: boolean;
  /** OpenAI streaming: usage was requested for the client, so the usage-only chunk is hidden from it. */
  hideUsageChunk: boolean;
  bodyChanged: boolean;
  /** Protocol headers sent when the client did not send them (anthropic-version). */
  defaultHeaders?: Record<string, string>;
  /** Headers that carry the upstream credential. */
  auth(credential: string | null): Record<string, string>;
  /** Signs the final request (AWS SigV4); returns headers to add. */
  sign?(credential: string, request: SignableRequest): Promise<Record<string, string>>;
  /** Usage the upstream reports in response headers (Bedrock InvokeModel); null when it sent none. */
  usageFromHeaders?(headers: IncomingHttpHeaders): HeaderUsage | null;
}

/** An answer given without calling the upstream. */
export interface LocalAnswer {
  status: number;
  body: unknown;
}

/** The cheapest call that proves a key works. */
export interface ConnectionProbe {
  method: 'GET' | 'POST';
  path: string;
  body: unknown;
  /** The answer is a model list (so `modelKnown` can be answered) rather than one generated token. */
  lists: boolean;
}

/**
 * Everything Switchboard knows about one provider slug. The proxy, the tester and the services
 * reach slug-specific behaviour only through this interface (and the facts table in shared/).
 */
export interface Provider {
  slug: ProviderSlug;
  facts: ProviderFacts;
  /** The upstream base without a `baseUrl` on the record, or null when one is required; a 400 when config cannot build one. */
  defaultBaseUrl(aiProvider: AiProvider): string | null;
  plan(request: PlanRequest): UpstreamPlan;
  /**
   * The model a request names in its path (Gemini `models/<m>:generateContent`, Bedrock
   * `/model/<id>/converse`, Azure deployments), known without reading its body; absent where the
   * wire format puts the model in the body only.
   */
  modelInPath?(path: string): string | null;
  /**
   * The upstream paths this provider also serves over WebSocket (the Responses API's WebSocket mode,
   * `/v1/responses`); without it every WebSocket upgrade is refused at once, so clients fall back to HTTP.
   */
  webSocketPaths?: RegExp;
  /** Requests answered without the upstream (Azure's and Bedrock's `/v1/models`); null to forward. */
  answerLocally?(aiProvider: AiProvider, method: string, path: string): LocalAnswer | null;
  connectionProbe(aiProvider: AiProvider): ConnectionProbe;
  /** Model ids in this provider's list answer. */
  listedModels(body: unknown): string[];
  /** A refusal of Switchboard's own (bad token, limit) in this provider's error shape, so its SDK shows the message. */
  errorAnswer(error: AppError): ErrorAnswer;
}
