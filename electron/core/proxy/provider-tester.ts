import type { Dispatcher } from 'undici';
import { AppError } from '../../../shared/errors';
import type { AiProvider, ProviderTestResult } from '../../../shared/operations/ai-providers';
import type { Clock } from '../clock';
import { providerFor } from '../providers/index';
import { prepareUpstream } from './prepare-upstream';
import type { ProxyLookups } from './proxy-lookups';

/** A live check of one provider through the proxy's own path (adapter, credential, address rules, pool). */
export function createProviderTester(deps: { clock: Clock; lookups: ProxyLookups; dispatcher: Dispatcher; timeoutMs: number }) {
  return async function testProvider(aiProvider: AiProvider): Promise<ProviderTestResult> {
    const testedAt = deps.clock.now().toISOString();
    const provider = providerFor(aiProvider);
    const probe = provider.connectionProbe(aiProvider);
    const client = { method: probe.method, headers: {}, raw: probe.method === 'POST' ? Buffer.from(JSON.stringify(probe.body)) : null };
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
      upstream = await prepareUpstream(client, aiProvider, probe.path, new URLSearchParams(), deps.lookups, Date.now());
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
      return result({ message: `Could not reach ${aiProvider.name} (${code})` });
    }
    const latencyMs = Math.round(performance.now() - started);
    const status = response.statusCode;
    const text = await response.body.text();
    if (status === 401 || status === 403) {
      return result({
        reachable: true,
        authenticated: false,
        status,
        latencyMs,
        message: `${aiProvider.name} rejected the key (HTTP ${status})`,
      });
    }
    if (status >= 400) {
      const modelMissing = status === 404 && !probe.lists;
      return result({
        reachable: true,
        authenticated: true,
        modelKnown: modelMissing ? false : null,
        status,
        latencyMs,
        message: `${aiProvider.name} answered HTTP ${status}`,
      });
    }
    let modelKnown: boolean | null = true;
    if (probe.lists) {
      let listed: string[] = [];
      try {
        listed = provider.listedModels(JSON.parse(text));
      } catch {
        listed = [];
      }
      modelKnown =
        listed.length === 0 ? null : listed.some((id) => id === aiProvider.defaultModel || id === `${aiProvider.defaultModel}:latest`);
    }
    const ok = modelKnown !== false;
    const message = ok
      ? `${aiProvider.name} answered in ${latencyMs} ms`
      : `${aiProvider.name} answered, but does not list the default model ${aiProvider.defaultModel}`;
    return { ok, reachable: true, authenticated: true, modelKnown, status, latencyMs, message, testedAt };
  };
}
