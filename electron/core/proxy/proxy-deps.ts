import type { BodyKeeper } from './body-capture';
import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { Budget } from '../../../shared/operations/budgets';
import type { Route } from '../../../shared/operations/routes';
import type { Token } from '../../../shared/operations/tokens';
import type { BudgetLedger } from '../db/budget-ledger';
import type { Clock } from '../clock';
import type { OutageWindow } from '../db/store-outage';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { PriceBook } from '../usage/price-book';
import type { RequestObserver } from '../usage/request-observers';
import type { UsageRecorder } from '../usage/usage-recorder';
import type { HostLookup, UpstreamTimeouts } from './upstream-agent';

/** What the proxy needs from the services; `createProxyDeps` builds it from them. */
export interface ProxyDeps {
  log: Logger;
  clock: Clock;
  events: EventBus;
  recorder: UsageRecorder;
  /** The id of the gateway serving (its heartbeat id), written on every usage row; null before it heartbeats. */
  gatewayId?(): string | null;
  /** Told of every finished request with its usage row (metrics, log line, traces); never throws. */
  observe?: RequestObserver;
  /** Model prices (custom ones first): the meter computes each row's cost once. */
  prices: PriceBook;
  /** Token metadata for a job token value; throws AppError 401 (or 429 for throttled guessing). */
  authenticateJobToken(value: string): Promise<Token> | Token;
  /** The project's provider for a slug or `aip_` id; throws 404, or 409 listing ids when ambiguous. */
  resolveProvider(projectId: string, ref: string): Promise<AiProvider> | AiProvider;
  /** The project's route of that name, or null. */
  findRoute(projectId: string, name: string): Promise<Route | null>;
  /** A secret's value from the vault. */
  readSecret(secretId: string): Promise<string>;
  /** Spend reservations per budget and period. */
  budgetLedger: BudgetLedger;
  /** A project's budgets (the proxy caches them; `budget.changed` drops the copy). */
  budgetsOf(projectId: string): Promise<Budget[]> | Budget[];
  /** Another process (another gateway, the CLI) changed the store: cached providers and secrets may be stale. */
  onStoreChange?(listener: () => void): () => void;
  /** While the store cannot be reached: cached configuration for a bounded time, then a clear 503. */
  outage?: OutageWindow;
  /**
   * Request and response bodies for the projects that keep them: the days a project keeps them
   * (undefined for most: nothing is captured), and where captured pairs go once the answer has left.
   */
  bodies?: { daysFor(projectId: string): number | undefined; keeper: BodyKeeper };
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
  /** A budget reservation nobody settled (its gateway died mid-request) is released after this long. */
  reservationTtlMs?: number;
}

export const defaultProxyOptions = {
  maxBodyBytes: 32 * 1024 * 1024,
  drainAfterDisconnectMs: 30_000,
  lookupCacheMs: 1_000,
  secretCacheMs: 10 * 60_000,
  reservationTtlMs: 30 * 60_000,
};
