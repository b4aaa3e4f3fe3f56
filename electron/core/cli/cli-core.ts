import { bootCore } from '../boot';
import { chooseDatabaseUrl } from '../config/database-url';
import { defaultDataDir } from '../config/data-dir';
import { createLogger, logFormatOf, type LogLevel } from '../log';
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
export function bootCliCore(dataDir: string, level: LogLevel, reservations: { expiryMs?: number; sweepEveryMs?: number } = {}) {
  return bootCore({
    dataDir,
    mode: 'headless',
    log: createLogger({ level: process.env.SWITCHBOARD_LOG_LEVEL === 'debug' ? 'debug' : level, format: logFormatOf(process.env) }),
    vaultChoice: (process.env.SWITCHBOARD_VAULT as VaultChoice | undefined) ?? 'auto',
    masterKey: process.env.SWITCHBOARD_MASTER_KEY,
    databaseUrl: chooseDatabaseUrl(undefined),
    gateways: {
      heartbeatMs: positiveMs(process.env.SWITCHBOARD_GATEWAY_HEARTBEAT_MS),
      silentAfterMs: positiveMs(process.env.SWITCHBOARD_GATEWAY_SILENT_AFTER_MS),
    },
    outage: {
      graceMs: positiveMs(process.env.SWITCHBOARD_OFFLINE_GRACE_MS),
      cappedWhenUnreachable: process.env.SWITCHBOARD_CAPPED_WHEN_UNREACHABLE === 'open' ? 'open' : 'closed',
    },
    teamKey: process.env.SWITCHBOARD_TEAM_KEY,
    proxy: reservations.expiryMs === undefined ? undefined : { reservationTtlMs: reservations.expiryMs },
    reservationSweepMs: reservations.sweepEveryMs,
  });
}

/** A duration setting in milliseconds; anything but a positive integer leaves the default. */
function positiveMs(text: string | undefined): number | undefined {
  const ms = Number(text);
  return text !== undefined && Number.isInteger(ms) && ms > 0 ? ms : undefined;
}
