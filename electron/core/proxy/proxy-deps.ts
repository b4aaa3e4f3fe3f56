import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Token } from '../../../shared/operations/tokens';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { PriceTable } from '../usage/price-table';
import type { RequestObserver } from '../usage/request-observers';
import type { UsageRecorder } from '../usage/usage-recorder';
import type { HostLookup, UpstreamTimeouts } from './upstream-agent';

/** What the proxy needs from the services; `createProxyDeps` builds it from them. */
export interface ProxyDeps {
  log: Logger;
  clock: Clock;
  events: EventBus;
  recorder: UsageRecorder;
  /** Told of every finished request with its usage row (metrics, log line, traces); never throws. */
  observe?: RequestObserver;
  /** Model prices: the meter computes each row's cost once. */
  prices: PriceTable;
  /** Token metadata for a job token value; throws AppError 401 (or 429 for throttled guessing). */
  authenticateJobToken(value: string): Promise<Token> | Token;
  /** The project's provider for a slug or `aip_` id; throws 404, or 409 listing ids when ambiguous. */
  resolveProvider(projectId: string, ref: string): Promise<AiProvider> | AiProvider;
  /** A secret's value from the vault. */
  readSecret(secretId: string): Promise<string>;
  /** Micro-dollars a token has spent so far, from the usage rollups. */
  loadSpentMicroUsd(tokenId: string): number;
}

export interface ProxyOptions {
  timeouts?: Partial<UpstreamTimeouts>;
  /** Larger request bodies are refused with 413 before they are read whole. */
  maxBodyBytes?: number;
  /** After a client leaves mid-stream, keep reading the upstream this long for its final usage report. */
  drainAfterDisconnectMs?: number;
  /** How long an authenticated token or resolved provider is reused without asking the store again. */
  lookupCacheMs?: number;
  /** How long a secret value is reused (it is also dropped when the secret changes or the upstream rejects it). */
  secretCacheMs?: number;
  /** How upstream host names are resolved (before the connect guard checks the addresses); `dns.lookup` by default. */
  lookup?: HostLookup;
}

export const defaultProxyOptions = {
  maxBodyBytes: 32 * 1024 * 1024,
  drainAfterDisconnectMs: 30_000,
  lookupCacheMs: 1_000,
  secretCacheMs: 10 * 60_000,
};
