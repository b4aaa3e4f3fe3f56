import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../../../shared/errors';
import { jsonNestsDeeperThan } from '../../../shared/json-depth';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import { tooDeep } from '../http/http-io';
import { forwardedRequestHeaders } from './header-policy';
import { bearer } from '../providers/credential-headers';
import { providerFor } from '../providers/index';
import type { UpstreamPlan } from '../providers/provider';
import type { ProxyLookups } from './proxy-lookups';

export interface UpstreamRequest {
  plan: UpstreamPlan;
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** The injected credential, kept to scrub it from upstream error bodies. */
  credential: string | null;
}

const multipartType = /^multipart\//i;

/** The client's side of a request: method, headers and the (already bounded) body. */
export interface ClientRequest {
  method: string;
  headers: IncomingHttpHeaders;
  raw: Buffer | null;
}

/** Turns the client's request into the upstream call, credential included. */
export async function prepareUpstream(
  client: ClientRequest,
  aiProvider: AiProvider,
  upstreamPath: string,
  query: URLSearchParams,
  lookups: ProxyLookups,
  now: number,
): Promise<UpstreamRequest> {
  const { method, raw } = client;
  const clientType = client.headers['content-type'];
  let json: Record<string, unknown> | null = null;
  // Provider APIs take JSON; only multipart uploads (audio, files) keep the client's own type.
  const multipart = clientType !== undefined && multipartType.test(clientType);
  if (raw && raw.length > 0 && !multipart) {
    if (jsonNestsDeeperThan(raw)) throw tooDeep();
    try {
      const value: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) json = value as Record<string, unknown>;
    } catch {
      throw new AppError('bad_request', 'Request body is not valid JSON');
    }
  }

  const provider = providerFor(aiProvider);
  const hosted = aiProvider.authMethod === 'hosted';
  const baseText = hosted ? hostedBase(aiProvider) : provider.defaultBaseUrl(aiProvider);
  if (!baseText) throw new AppError('bad_request', `AI provider ${aiProvider.name} (${aiProvider.provider}) needs a baseUrl`);
  const base = lookups.baseUrl(baseText);
  query.delete('key');
  const plan = provider.plan({ aiProvider, method, path: upstreamPath, query, body: json, base });
  if (plan.url.origin !== base.origin) throw new AppError('bad_request', 'The upstream path may not change the upstream host');

  const credential = aiProvider.secretId ? await lookups.secret(aiProvider.secretId, now) : null;
  if (hosted && !credential) throw new AppError('bad_request', `AI provider ${aiProvider.name} uses a hosted endpoint but has no platform token secret`);
  const injected: Record<string, string> = hosted ? bearer(credential) : plan.auth(credential);
  const body = raw && (plan.bodyChanged && json ? Buffer.from(JSON.stringify(json)) : raw);
  if (body) injected['content-type'] = multipart ? clientType! : 'application/json';
  const headers = forwardedRequestHeaders(client.headers, injected);
  for (const name in plan.defaultHeaders) if (!(name in client.headers)) headers[name] = plan.defaultHeaders[name]!;
  if (plan.sign && credential && !hosted) Object.assign(headers, await plan.sign(credential, { method, url: plan.url, headers, body }));
  return { plan, url: plan.url, method, headers, body, credential };
}

/** `authMethod: hosted`: the organization's agent endpoint, which serves `/ai/<slug>/…` itself. */
function hostedBase(aiProvider: AiProvider): string {
  if (!aiProvider.baseUrl) throw new AppError('bad_request', `AI provider ${aiProvider.name} uses a hosted endpoint but has no baseUrl`);
  return `${aiProvider.baseUrl.replace(/\/+$/, '')}/ai/${aiProvider.provider}`;
}
