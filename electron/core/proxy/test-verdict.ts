import { providerFacts } from '../../../shared/provider-facts';
import type { AiProvider } from '../../../shared/operations/ai-providers';

/**
 * Why a connection test failed, in words an admin can act on. Upstream bodies are never quoted:
 * some echo part of the key.
 */
export function httpFailureReason(aiProvider: AiProvider, status: number, path: string): string {
  const answered = `the upstream answered ${status} on ${path}`;
  const label = providerFacts[aiProvider.provider].label;
  if (status === 401 || status === 403) return `${answered}: the key was not accepted; check the secret linked to ${aiProvider.name}`;
  if (status === 404) {
    return aiProvider.baseUrl
      ? `${answered}: this base URL may not be ${article(label)} ${label} endpoint`
      : `${answered}: the default model ${aiProvider.defaultModel} may not exist`;
  }
  if (status === 429) return `${answered}: rate limited or out of quota at the provider`;
  if (status >= 500) return `${answered}: the provider had a problem; try again later`;
  return `${answered}: the provider refused the check request`;
}

/** A connection that never got an answer, by the network error's code. */
export function networkFailureReason(origin: string, code: string | undefined, timeoutMs: number): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host of ${origin} could not be found: check the base URL`;
    case 'ECONNREFUSED':
      return `nothing is listening at ${origin}: check the base URL and that the server runs`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return `${origin} did not answer within ${Math.round(timeoutMs / 1000)} s`;
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the TLS certificate of ${origin} is not trusted (${code})`;
    default:
      return `could not reach ${origin} (${code ?? 'connection failed'})`;
  }
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');
