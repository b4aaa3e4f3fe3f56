import { mkdirSync } from 'node:fs';
import { systemClock, type Clock } from './clock';
import { composeCore, type ComposeDeps } from './compose';
import type { ChangeFeed } from './db/change-feed';
import { openStore } from './db/open-store';
import type { PostgresDb } from './db/postgres/database';
import { createPostgresTeamVaultRepo } from './db/postgres/team-vault-repo';
import type { Logger } from './log';
import type { ProxyOptions } from './proxy/proxy-deps';
import type { RuntimeInfo } from './runtime-info';
import { chooseVault, type VaultChoice } from './secrets/choose-vault';
import { createMovableVault } from './secrets/movable-vault';
import type { SecretVault } from './secrets/secret-vault';
import type { VaultMoveSetup } from './services/vault-service';
import { findTeamKey } from './secrets/team-key-source';
import { openTeamVault } from './secrets/team-vault';
import type { AuthThrottleOptions } from './services/auth-throttle';
import type { GatewayHeartbeatOptions } from './services/gateways-service';
import type { RetentionOptions } from './services/usage-retention-service';
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
  let vaultMove: VaultMoveSetup | null = null;
  try {
    makeDataDir();
    if (options.vault) vault = options.vault;
    else if (opened.postgres) vault = await teamVaultOn(opened.postgres, store.changes, options.teamKey);
    else {
      // This gateway's own vault: an admin may move its secrets between the keychain and the file.
      const place = { dataDir, masterKey: options.masterKey };
      const choice = options.vaultChoice ?? 'auto';
      const movable = createMovableVault(await chooseVault({ ...place, choice, log }), log);
      vaultMove = { vault: movable, place, choice };
      vault = movable;
    }
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
    vaultMove,
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
    env: options.env ?? process.env,
    reservationSweepMs: options.reservationSweepMs,
  });
  // Which projects keep bodies is known before the first request is served.
  await core.requestBodies.start();
  // Export starts before the first request is served, as Settings and the OTEL_* variables say.
  await core.telemetrySettings
    .applyStored()
    .catch((error: unknown) => log.warn('OpenTelemetry settings unreadable', { message: (error as Error).message.slice(0, 200) }));
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

/**
 * On a team database provider keys live in it, under the team key; a wrong key stops the start
 * here. Another process's change (a rotated key among them) makes the vault look at the key again.
 */
async function teamVaultOn(db: PostgresDb, changes: ChangeFeed, teamKey: string | undefined): Promise<SecretVault> {
  const lookUpKey = () => findTeamKey(db.target, teamKey);
  const vault = await openTeamVault(createPostgresTeamVaultRepo(db), await lookUpKey(), lookUpKey);
  changes.onExternalChange(() => vault.keyMayHaveChanged());
  return vault;
}
