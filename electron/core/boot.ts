import { mkdirSync } from 'node:fs';
import { systemClock, type Clock } from './clock';
import { composeCore, type ComposeDeps } from './compose';
import { openStore } from './db/open-store';
import type { PostgresDb } from './db/postgres/database';
import { createPostgresTeamVaultRepo } from './db/postgres/team-vault-repo';
import type { Logger } from './log';
import type { ProxyOptions } from './proxy/proxy-deps';
import type { RuntimeInfo } from './runtime-info';
import { chooseVault, type VaultChoice } from './secrets/choose-vault';
import type { SecretVault } from './secrets/secret-vault';
import { findTeamKey } from './secrets/team-key-source';
import { openTeamVault } from './secrets/team-vault';
import type { AuthThrottleOptions } from './services/auth-throttle';
import type { GatewayHeartbeatOptions } from './services/gateways-service';
import type { RetentionOptions } from './services/usage-retention-service';
import { otelConfigFrom } from './usage/otel/otel-config';
import { appVersion } from './version';

export interface BootOptions {
  dataDir: string;
  mode: RuntimeInfo['mode'];
  log: Logger;
  /** A ready vault (tests, the desktop shell); otherwise one is chosen from `vaultChoice`. */
  vault?: SecretVault;
  vaultChoice?: VaultChoice;
  masterKey?: string;
  clock?: Clock;
  authThrottle?: AuthThrottleOptions;
  /** Proxy timeouts, body limit and caches. */
  proxy?: ProxyOptions;
  /** Heartbeat interval and silence threshold of the Gateways list. */
  gateways?: GatewayHeartbeatOptions;
  /** How a gateway rides out a team database outage. */
  outage?: ComposeDeps['outage'];
  /** Pruning of raw usage rows past their retention. */
  retention?: RetentionOptions;
  /** Where OTEL_* variables are read from (the process environment by default). */
  env?: Record<string, string | undefined>;
  /** A team database (`postgres://…`); none: the SQLite file in the data directory. */
  databaseUrl?: string | null;
  /** Waits between budget alert webhook attempts. */
  webhookRetryDelaysMs?: readonly number[];
  /** How often expired budget reservations are released (1 min unless set). */
  reservationSweepMs?: number;
  /** The team key (SWITCHBOARD_TEAM_KEY); unset: this machine's OS keychain. Only on a team database. */
  teamKey?: string;
}

/**
 * Opens the store (the data directory's SQLite file, or the team database when a URL is given),
 * the data directory and the vault, and composes the core over them. A team database that cannot
 * be used fails here, before the data directory is created. `db` is the SQLite handle, for tests
 * and tools that look at the file itself; `close` resolves once the store has closed.
 */
export async function bootCore(options: BootOptions) {
  const { dataDir, log } = options;
  const clock = options.clock ?? systemClock;
  const databaseUrl = options.databaseUrl ?? null;
  const makeDataDir = () => mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (databaseUrl === null) makeDataDir();
  const opened = await openStore({ dataDir, databaseUrl }, { log, clock });
  const { store } = opened;
  let vault: SecretVault;
  try {
    makeDataDir();
    vault =
      options.vault ??
      (opened.postgres
        ? await teamVaultOn(opened.postgres, options.teamKey)
        : await chooseVault({ choice: options.vaultChoice ?? 'auto', dataDir, masterKey: options.masterKey, log }));
  } catch (error) {
    store.close();
    await opened.closed();
    throw error;
  }
  const runtime: RuntimeInfo = {
    version: appVersion,
    mode: options.mode,
    dataDir,
    startedAt: clock.now().toISOString(),
    baseUrl: null,
  };
  const core = composeCore({
    store,
    vault,
    clock,
    log,
    runtime,
    authThrottle: options.authThrottle,
    proxy: options.proxy,
    webhookRetryDelaysMs: options.webhookRetryDelaysMs,
    gateways: options.gateways,
    outage: options.outage,
    storeKind: opened.kind,
    retention: options.retention,
    reservationSweepMs: options.reservationSweepMs,
    otel: await loadOtel(options.env ?? process.env),
  });
  return {
    ...core,
    storeKind: opened.kind,
    /** Where the store is, safe to show (the database URL without its password). */
    storeLocation: opened.where,
    get db() {
      if (!opened.sqlite) throw new Error('This core runs on the team database (PostgreSQL): there is no SQLite file to look at.');
      return opened.sqlite;
    },
    /** Stops timers, writes what is pending and closes the store; resolves once it is closed. */
    close(): Promise<void> {
      core.close();
      return opened.closed();
    },
  };
}
export type Core = Awaited<ReturnType<typeof bootCore>>;

/** The OpenTelemetry SDK is loaded only when OTEL_* variables ask for an export: most runs never pay for it. */
async function loadOtel(env: Record<string, string | undefined>) {
  const config = otelConfigFrom(env);
  if (!config) return undefined;
  const { createOtelExport } = await import('./usage/otel/otel-export');
  return { config, create: createOtelExport };
}

/** On a team database provider keys live in it, under the team key; a wrong key stops the start here. */
async function teamVaultOn(db: PostgresDb, teamKey: string | undefined): Promise<SecretVault> {
  return openTeamVault(createPostgresTeamVaultRepo(db), await findTeamKey(db.target, teamKey));
}
