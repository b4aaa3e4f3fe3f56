import { bootCore } from '../boot';
import { chooseDatabaseUrl } from '../config/database-url';
import { defaultDataDir } from '../config/data-dir';
import { createLogger, type LogLevel } from '../log';
import type { VaultChoice } from '../secrets/choose-vault';

/** `--data-dir` wins over SWITCHBOARD_DATA_DIR, which wins over the OS app-data folder. */
export function resolveDataDir(option: string | undefined): string {
  return option ? defaultDataDir({ SWITCHBOARD_DATA_DIR: option }) : defaultDataDir();
}

/**
 * The core every command runs on: the team database of SWITCHBOARD_DATABASE_URL (which
 * `--database-url` sets) or else the data directory's, and the vault chosen from SWITCHBOARD_VAULT /
 * SWITCHBOARD_MASTER_KEY, exactly as `serve` does. Logs go to stderr.
 */
export function bootCliCore(dataDir: string, level: LogLevel) {
  return bootCore({
    dataDir,
    mode: 'headless',
    log: createLogger({ level: process.env.SWITCHBOARD_LOG_LEVEL === 'debug' ? 'debug' : level }),
    vaultChoice: (process.env.SWITCHBOARD_VAULT as VaultChoice | undefined) ?? 'auto',
    masterKey: process.env.SWITCHBOARD_MASTER_KEY,
    databaseUrl: chooseDatabaseUrl(undefined),
    teamKey: process.env.SWITCHBOARD_TEAM_KEY,
  });
}
