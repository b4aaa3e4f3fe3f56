import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from './clock';
import { openDatabase } from './db/database';
import type { Logger } from './log';
import type { ProxyOptions } from './proxy/proxy-deps';
import type { RuntimeInfo } from './runtime-info';
import { chooseVault, type VaultChoice } from './secrets/choose-vault';
import type { SecretVault } from './secrets/secret-vault';
import type { AuthThrottleOptions } from './services/auth-throttle';
import { createServices, type Services } from './services/create-services';
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
}

/** Opens the data directory, the database and the vault, and builds the services over them. */
export async function bootCore(options: BootOptions): Promise<Services & { close(): void }> {
  const { dataDir, log } = options;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const vault =
    options.vault ??
    (await chooseVault({ choice: options.vaultChoice ?? 'auto', dataDir, masterKey: options.masterKey, log }));
  const db = openDatabase(path.join(dataDir, 'switchboard.db'), log);
  const clock = options.clock ?? systemClock;
  const runtime: RuntimeInfo = {
    version: appVersion,
    mode: options.mode,
    dataDir,
    startedAt: clock.now().toISOString(),
    baseUrl: null,
  };
  const services = createServices({ db, vault, clock, log, runtime, authThrottle: options.authThrottle, proxy: options.proxy });
  return {
    ...services,
    close: () => {
      services.dispose();
      db.close();
    },
  };
}
