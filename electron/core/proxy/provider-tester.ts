import type { Dispatcher } from 'undici';
import { AppError } from '../../../shared/errors';
import type { AiProvider, ProviderTestResult } from '../../../shared/operations/ai-providers';
import type { Clock } from '../clock';
import { prepareUpstream, type ClientRequest } from './prepare-upstream';
import type { ProxyLookups } from './proxy-lookups';

interface Probe {
  path: string;
  client: ClientRequest;
  /** Lists models (then `modelKnown` can be answered) rather than generating one token. */
  lists: boolean;
}

/** The cheapest call that proves the key works: a model list, or a one-token answer where the runtime API has no list. */
function probeFor(provider: AiProvider): Probe {
  const get = (path: string): Probe => ({ path, lists: true, client: { method: 'GET', headers: {}, raw: null } });
  const post = (path: string, body: unknown): Probe => ({ path, lists: false, client: { method: 'POST', headers: {}, raw: Buffer.from(JSON.stringify(body)) } });
  switch (provider.provider) {
    case 'google':
      return get('/v1beta/models');
    case 'ollama':
      return get('/api/tags');
    case 'azure':
      return post('/v1/chat/completions', { messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 });
    case 'bedrock':
      return post(`/model/${encodeURIComponent(provider.defaultModel)}/converse`, { messages: [{ role: 'user', content: [{ text: 'ping' }] }], inferenceConfig: { maxTokens: 1 } });
    default:
      return get('/v1/models');
  }
}

/** Model ids in the list formats of OpenAI (`data[].id`), Gemini (`models[].name`) and Ollama (`models[].name`). */
function listedModels(body: unknown): string[] {
  const value = body as { data?: { id?: unknown }[]; models?: { name?: unknown }[] } | null;
  const ids = [...(value?.data ?? []).map((m) => m.id), ...(value?.models ?? []).map((m) => m.name)];
  return ids.filter((id): id is string => typeof id === 'string').map((id) => id.replace(/^models\//, ''));
}

/** A live check of one provider through the proxy's own path (adapter, credential, address rules, pool). */
export function createProviderTester(deps: { clock: Clock; lookups: ProxyLookups; dispatcher: Dispatcher; timeoutMs: number }) {
  return async function testProvider(provider: AiProvider): Promise<ProviderTestResult> {
    const testedAt = deps.clock.now().toISOString();
    const probe = probeFor(provider);
    const started = performance.now();
    const result = (fields: Partial<ProviderTestResult> & { message: string }): ProviderTestResult => ({
      ok: false,
      reachable: false,
      authenticated: null,
      modelKnown: null,
      status: null,
      latencyMs: null,
      testedAt,
      ...fields,
    });
    let upstream;
    try {
      upstream = await prepareUpstream(probe.client, provider, probe.path, new URLSearchParams(), deps.lookups, Date.now());
    } catch (error) {
      return result({ message: error instanceof AppError ? error.message : 'The provider could not be prepared for a call' });
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await deps.dispatcher.request({
        origin: upstream.url.origin,
        path: upstream.url.pathname + upstream.url.search,
        method: upstream.method as 'GET',
        headers: upstream.headers,
        body: upstream.body,
        headersTimeout: deps.timeoutMs,
        bodyTimeout: deps.timeoutMs,
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'connection failed';
      return result({ message: `Could not reach ${provider.name} (${code})` });
    }
    const latencyMs = Math.round(performance.now() - started);
    const status = response.statusCode;
    const text = await response.body.text();
    if (status === 401 || status === 403) {
      return result({ reachable: true, authenticated: false, status, latencyMs, message: `${provider.name} rejected the key (HTTP ${status})` });
    }
    if (status >= 400) {
      const modelMissing = status === 404 && !probe.lists;
      return result({ reachable: true, authenticated: true, modelKnown: modelMissing ? false : null, status, latencyMs, message: `${provider.name} answered HTTP ${status}` });
    }
    let modelKnown: boolean | null = true;
    if (probe.lists) {
      let listed: string[] = [];
      try {
        listed = listedModels(JSON.parse(text));
      } catch {
        listed = [];
      }
      modelKnown = listed.length === 0 ? null : listed.some((id) => id === provider.defaultModel || id === `${provider.defaultModel}:latest`);
    }
    const ok = modelKnown !== false;
    const message = ok ? `${provider.name} answered in ${latencyMs} ms` : `${provider.name} answered, but does not list the default model ${provider.defaultModel}`;
    return { ok, reachable: true, authenticated: true, modelKnown, status, latencyMs, message, testedAt };
  };
}
