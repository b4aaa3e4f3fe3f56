import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { BedrockCredentials } from '../../../../shared/provider-facts';
import type { SignableRequest } from '../provider';

const signedHeaders = ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];

/** AWS SigV4 for service `bedrock`, by @smithy/signature-v4: the headers to add to the final request. */
export async function signForBedrock(
  credentials: BedrockCredentials,
  region: string,
  request: SignableRequest,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({ credentials, region, service: 'bedrock', sha256: Hash.bind(null, 'sha256') });
  const query: Record<string, string> = {};
  request.url.searchParams.forEach((value, key) => (query[key] = value));
  const signed = await signer.sign({
    method: request.method,
    protocol: request.url.protocol,
    hostname: request.url.hostname,
    port: request.url.port ? Number(request.url.port) : undefined,
    path: request.url.pathname,
    query,
    headers: { ...request.headers, host: request.url.host },
    body: request.body ?? undefined,
  });
  const out: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = signed.headers[name];
    if (value) out[name] = value;
  }
  return out;
}
