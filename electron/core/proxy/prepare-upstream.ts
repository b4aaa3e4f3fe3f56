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
import { overrideModel } from './routes/model-override';

export interface UpstreamRequest {
  plan: UpstreamPlan;
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** The injected credential, kept to scrub it from upstream error bodies. */
  credential: string | null;
  /** The secret it came from (one key of the provider's pool): a refusal or throttle rests that key. */
  secretId: string | null;
  /** The client's body as sent and parsed: an estimate is made from it only if the answer's usage cannot be read. */
  clientBody: ClientBody;
}

const multipartType = /^multipart\//i;

/** The size of the client's body, and its JSON when it was JSON. */
export interface ClientBody {
  bytes: number;
  json: Record<string, unknown> | null;
}

/** What the attempt stage chose for this call: a key of the provider's pool, a route target's model. */
export interface UpstreamChoice {
  secretId: string | null;
  model: string | null;
}

/** The client's side of a request: method, headers and the (already bounded) body. */
export interface ClientRequest {
  method: string;
  headers: IncomingHttpHeaders;
  raw: Buffer | null;
}

/**
 * Turns the client's request into the upstream call, credential included. Without a promise when
 * the secret is cached and the provider needs no signature: the common case.
 */
export function prepareUpstream(
  client: ClientRequest,
  aiProvider: AiProvider,
  upstreamPath: string,
  query: URLSearchParams,
  lookups: ProxyLookups,
  now: number,
  choice: UpstreamChoice = { secretId: aiProvider.secretId, model: null },
): UpstreamRequest | Promise<UpstreamRequest> {
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

  const path = choice.model === null ? upstreamPath : overrideModel(aiProvider.provider, upstreamPath, json, choice.model);
  const provider = providerFor(aiProvider);
  const hosted = aiProvider.authMethod === 'hosted';
  const baseText = hosted ? hostedBase(aiProvider) : provider.defaultBaseUrl(aiProvider);
  if (!baseText) throw new AppError('bad_request', `AI provider ${aiProvider.name} (${aiProvider.provider}) needs a baseUrl`);
  const base = lookups.baseUrl(baseText);
  query.delete('key');
  const plan = provider.plan({ aiProvider, method, path, query, body: json, base });
  if (plan.url.origin !== base.origin) throw new AppError('bad_request', 'The upstream path may not change the upstream host');

  const bodyChanged = plan.bodyChanged || (choice.model !== null && json !== null);
  const body = raw && (bodyChanged && json ? Buffer.from(JSON.stringify(json)) : raw);
  const contentType = body ? (multipart ? clientType! : 'application/json') : null;
  const { secretId } = choice;
  const secret = secretId ? lookups.secret(secretId, now) : null;
  const clientBody = { bytes: raw?.length ?? 0, json };
  if (secret instanceof Promise)
    return secret.then((credential) => withCredential(client, aiProvider, plan, body, contentType, { credential, secretId }, clientBody));
  return withCredential(client, aiProvider, plan, body, contentType, { credential: secret, secretId }, clientBody);
}

/** The request headers with the credential injected (and signed, where the provider signs requests). */
function withCredential(
  client: ClientRequest,
  aiProvider: AiProvider,
  plan: UpstreamPlan,
  body: Buffer | null,
  contentType: string | null,
  key: { credential: string | null; secretId: string | null },
  clientBody: ClientBody,
): UpstreamRequest | Promise<UpstreamRequest> {
  const { credential, secretId } = key;
  const hosted = aiProvider.authMethod === 'hosted';
  if (hosted && !credential)
    throw new AppError('bad_request', `AI provider ${aiProvider.name} uses a hosted endpoint but has no platform token secret`);
  const injected: Record<string, string> = hosted ? bearer(credential) : plan.auth(credential);
  if (contentType) injected['content-type'] = contentType;
  const headers = forwardedRequestHeaders(client.headers, injected);
  for (const name in plan.defaultHeaders) if (!(name in client.headers)) headers[name] = plan.defaultHeaders[name]!;
  const request: UpstreamRequest = { plan, url: plan.url, method: client.method, headers, body, credential, secretId, clientBody };
  if (!plan.sign || !credential || hosted) return request;
  return plan.sign(credential, { method: client.method, url: plan.url, headers, body }).then((signed) => {
    Object.assign(headers, signed);
    return request;
  });
}

/** `authMethod: hosted`: the organization's agent endpoint, which serves `/ai/<slug>/…` itself. */
function hostedBase(aiProvider: AiProvider): string {
  if (!aiProvider.baseUrl) throw new AppError('bad_request', `AI provider ${aiProvider.name} uses a hosted endpoint but has no baseUrl`);
  return `${aiProvider.baseUrl.replace(/\/+$/, '')}/ai/${aiProvider.provider}`;
}
