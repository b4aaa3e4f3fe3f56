import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Dispatcher, Pool } from 'undici';
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
export function createUpstreamAgent(timeouts: UpstreamTimeouts, resolve: HostLookup = lookup): OriginPools {
  return new OriginPools({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 300_000,
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
    connect: { timeout: timeouts.connectMs, lookup: checkedLookup(resolve) },
  });
}

/**
 * What undici's `Agent` is (a `Pool` per origin) without its per-request toll: the Agent checks and
 * re-keys every request's origin and re-emits each pool's `drain` with a fresh array, about 1.4 µs
 * a request on the proxy's hot path. A proxy talks to the few origins its providers name, so the
 * pools are kept for the process's life (an idle pool holds no socket).
 */
export class OriginPools extends Dispatcher {
  private readonly pools = new Map<string, Pool>();
  private closing: Promise<void> | null = null;

  constructor(private readonly options: Pool.Options) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const origin = String(options.origin);
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, this.options);
      // Once closed, a new origin gets a closed pool, so the request fails as undici fails one sent to a closed dispatcher.
      if (this.closing) void pool.close();
      else this.pools.set(origin, pool);
    }
    return pool.dispatch(options, handler);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    this.closing ??= Promise.all([...this.pools.values()].map((pool) => pool.close())).then(() => undefined);
    if (!callback) return this.closing;
    void this.closing.then(callback);
  }

  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(first?: Error | null | (() => void), second?: () => void): Promise<void> | void {
    const error = typeof first === 'function' ? null : (first ?? null);
    const callback = typeof first === 'function' ? first : second;
    this.closing ??= Promise.resolve();
    const destroyed = Promise.all([...this.pools.values()].map((pool) => pool.destroy(error))).then(() => undefined);
    if (!callback) return destroyed;
    void destroyed.then(callback);
  }
}
