import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from './clock';
import { composeCore } from './compose';
import { openSqliteStore } from './db/sqlite/sqlite-store';
import type { Logger } from './log';
import type { ProxyOptions } from './proxy/proxy-deps';
import type { RuntimeInfo } from './runtime-info';
import { chooseVault, type VaultChoice } from './secrets/choose-vault';
import type { SecretVault } from './secrets/secret-vault';
import type { AuthThrottleOptions } from './services/auth-throttle';
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
  /** Pruning of raw usage rows past their retention. */
  retention?: RetentionOptions;
  /** Where OTEL_* variables are read from (the process environment by default). */
  env?: Record<string, string | undefined>;
}

/**
 * Opens the data directory, its SQLite store and the vault, and composes the core over them.
 * `db` is the SQLite handle, for tests and tools that look at the file itself.
 */
export async function bootCore(options: BootOptions) {
  const { dataDir, log } = options;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const vault = options.vault ?? (await chooseVault({ choice: options.vaultChoice ?? 'auto', dataDir, masterKey: options.masterKey, log }));
  const clock = options.clock ?? systemClock;
  const store = openSqliteStore(path.join(dataDir, 'switchboard.db'), { log, clock });
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
    retention: options.retention,
    otel: await loadOtel(options.env ?? process.env),
  });
  return Object.assign(core, { db: store.db });
}
export type Core = Awaited<ReturnType<typeof bootCore>>;

/** The OpenTelemetry SDK is loaded only when OTEL_* variables ask for an export: most runs never pay for it. */
async function loadOtel(env: Record<string, string | undefined>) {
  const config = otelConfigFrom(env);
  if (!config) return undefined;
  const { createOtelExport } = await import('./usage/otel/otel-export');
  return { config, create: createOtelExport };
}
