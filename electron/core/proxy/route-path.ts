import { AppError } from '../../../shared/errors';
import { providerRoutePrefix as prefix } from '../../../shared/paths';

export interface ProxyRoute {
  /** A provider slug (`anthropic`) or an `aip_` id. */
  providerRef: string;
  /** The upstream path as the client wrote it after the provider segment, e.g. `/v1/messages`. */
  upstreamPath: string;
}

// Encoded dots, slashes and backslashes could climb out of a baseUrl's path on the upstream side.
const smuggled = /%2e|%2f|%5c|\\/i;

/** Splits `/v3/ai/<provider>/<upstream path>`; null when the path is not a provider route. */
export function parseProxyPath(pathname: string): ProxyRoute | null {
  if (!pathname.startsWith(prefix)) return null;
  const slash = pathname.indexOf('/', prefix.length);
  const providerRef = pathname.slice(prefix.length, slash === -1 ? undefined : slash);
  if (!providerRef) return null;
  const upstreamPath = slash === -1 ? '/' : pathname.slice(slash);
  if (smuggled.test(upstreamPath) || upstreamPath.includes('/../') || upstreamPath.startsWith('//')) {
    throw new AppError('bad_request', 'The upstream path may not contain encoded dots, slashes or backslashes');
  }
  return { providerRef, upstreamPath };
}
