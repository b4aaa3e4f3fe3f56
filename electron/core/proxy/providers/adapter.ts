import type { AiProvider } from '../../../../shared/operations/ai-providers';
import type { MeteredUsage } from '../streaming/extract-usage';

/** What an adapter needs to plan one upstream request. */
export interface AdapterRequest {
  provider: AiProvider;
  method: string;
  /** The upstream path as the client wrote it after `/v3/ai/<provider>`, e.g. `/v1/messages`. */
  path: string;
  /** The client's query string, credential parameters already removed. */
  query: URLSearchParams;
  /** The parsed JSON body, which the adapter may change (then it sets `bodyChanged`); null when not JSON. */
  body: Record<string, unknown> | null;
  /** The upstream base: the provider's `baseUrl`, or the adapter's default. */
  base: URL;
}

export interface SignableRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** How to call the upstream for one request, and how to meter the answer. */
export interface AdapterPlan {
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
  /** Headers that carry the upstream credential (and protocol headers such as anthropic-version). */
  auth(credential: string | null): Record<string, string>;
  /** Usage the upstream reports in its response headers rather than its body (Bedrock's token counts). */
  usageFromHeaders?(header: (name: string) => string | undefined, usage: MeteredUsage): void;
  /** Signs the final request (AWS SigV4); returns headers to add. */
  sign?(credential: string, request: SignableRequest): Promise<Record<string, string>>;
}

export interface ProviderAdapter {
  /** The public endpoint, or null when a `baseUrl` is required (gateway, custom). */
  defaultBaseUrl(provider: AiProvider): string | null;
  plan(request: AdapterRequest): AdapterPlan;
}

/** Joined URLs by base, path and query: a proxy sends the same few thousands times over. */
const joined = new Map<string, URL>();

/**
 * Joins the upstream base and the client's path, dropping a repeated version segment
 * (`https://host/v1` + `/v1/chat/completions` → `https://host/v1/chat/completions`). The URL is
 * shared between requests to the same place: read it, never change it.
 */
export function joinUpstreamUrl(base: URL, path: string, query?: URLSearchParams): URL {
  const search = query?.toString();
  const key = base.href + ' ' + path + (search ? '?' + search : '');
  let url = joined.get(key);
  if (!url) {
    if (joined.size >= 1000) joined.clear();
    joined.set(key, (url = parseJoined(base, path, search)));
  }
  return url;
}

function parseJoined(base: URL, path: string, search: string | undefined): URL {
  let basePath = base.pathname.replace(/\/+$/, '');
  const lastSegment = basePath.slice(basePath.lastIndexOf('/'));
  if (lastSegment.length > 1 && (path === lastSegment || path.startsWith(lastSegment + '/'))) basePath = basePath.slice(0, -lastSegment.length);
  const url = new URL(base.origin + basePath + path);
  if (search) url.search = search;
  return url;
}

/** The request's model, or the provider's default model written into the body when it names none. */
export function modelOrDefault(request: AdapterRequest): { model: string | null; changed: boolean } {
  const body = request.body;
  if (!body) return { model: null, changed: false };
  if (typeof body.model === 'string' && body.model) return { model: body.model, changed: false };
  if (request.method !== 'POST') return { model: null, changed: false };
  body.model = request.provider.defaultModel;
  return { model: request.provider.defaultModel, changed: true };
}

export const bearer = (credential: string | null): Record<string, string> => (credential ? { authorization: `Bearer ${credential}` } : {});
