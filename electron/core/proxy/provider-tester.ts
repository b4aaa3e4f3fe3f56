import type { Dispatcher } from 'undici';
import { AppError } from '../../../shared/errors';
import type { AiProvider, ProviderTestResult } from '../../../shared/operations/ai-providers';
import type { Clock } from '../clock';
import { providerFor } from '../providers/index';
import { prepareUpstream } from './prepare-upstream';
import { httpFailureReason, networkFailureReason } from './test-verdict';
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
      return result({ message: networkFailureReason(upstream.url.origin, (error as { code?: string }).code, deps.timeoutMs) });
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
        message: httpFailureReason(aiProvider, status, upstream.url.pathname),
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
        message: httpFailureReason(aiProvider, status, upstream.url.pathname),
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
      : `the upstream answered on ${upstream.url.pathname}, but does not list the default model ${aiProvider.defaultModel}: check its spelling`;
    return { ok, reachable: true, authenticated: true, modelKnown, status, latencyMs, message, testedAt };
  };
}
