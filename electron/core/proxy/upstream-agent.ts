import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent } from 'undici';
import { assertAllowedResolvedAddress } from '../net/forbidden-address';

export interface UpstreamTimeouts {
  /** TCP (and TLS) connect. */
  connectMs: number;
  /** From sending the request to the response headers. */
  firstByteMs: number;
  /** Longest silence between two body chunks. */
  idleMs: number;
}

export const defaultTimeouts: UpstreamTimeouts = { connectMs: 10_000, firstByteMs: 300_000, idleMs: 120_000 };

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Resolves a host name to all its addresses, as `dns.lookup` with `all: true` does. */
export type HostLookup = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * The connect guard's refusal. A plain error with a code of its own (not the AppError the guard
 * throws), because undici passes it through its connect machinery and only the code survives reliably.
 */
export class ForbiddenAddressError extends Error {
  readonly code = 'EFORBIDDENADDRESS';
  constructor(readonly host: string) {
    super(`${host} resolves to a link-local or metadata address`);
    this.name = 'ForbiddenAddressError';
  }
}

/** DNS lookup that refuses link-local and metadata addresses after resolution (so a name cannot smuggle one in). */
export function checkedLookup(resolve: HostLookup = lookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      try {
        for (const entry of addresses) assertAllowedResolvedAddress(entry.address, hostname);
      } catch {
        return callback(new ForbiddenAddressError(hostname), '');
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}

/** One keep-alive connection pool per origin for all upstream calls, with the proxy's timeouts. */
export function createUpstreamAgent(timeouts: UpstreamTimeouts, resolve: HostLookup = lookup): Agent {
  return new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 300_000,
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
    connect: { timeout: timeouts.connectMs, lookup: checkedLookup(resolve) },
  });
}
