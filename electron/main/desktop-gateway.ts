import { createRestTokenAuthenticator } from '../core/api/rest-token-auth';
import { bootCore, type Core } from '../core/boot';
import { chooseDatabaseUrl } from '../core/config/database-url';
import { acquireGatewayLock } from '../core/config/gateway-lock';
import { defaultPort } from '../core/gateway/serve-command';
import { rememberedPort, rememberPort } from '../core/config/remembered-port';
import { startLocalServer, type LocalServer } from '../core/gateway/local-server';
import { parsePort } from '../core/port-number';
import type { Logger } from '../core/log';
import type { VaultChoice } from '../core/secrets/choose-vault';
import type { SecretVault } from '../core/secrets/secret-vault';
import { createGracefulShutdown } from './graceful-shutdown';
import { startWithPortChoice, type PortChoice, type PortConflict } from './port-choice';

export interface DesktopGateway {
  core: Core;
  server: LocalServer;
  /** Drains the proxy and the server, then flushes usage and closes the database; runs once. */
  shutdown(): Promise<void>;
}

const vaultChoices: VaultChoice[] = ['auto', 'keychain', 'file'];

/**
 * What the desktop app owns, without Electron: the core over the data directory (the OS keychain,
 * or the file vault with its warning where none answers) and the local server on SWITCHBOARD_PORT,
 * else the remembered port, else 8787 — asking for another when it is taken. Null when the admin chose to quit instead.
 */
export async function startDesktopGateway(options: {
  dataDir: string;
  uiDir: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
  askForPort: (conflict: PortConflict) => Promise<PortChoice>;
  /** A ready vault (tests); otherwise chosen from SWITCHBOARD_VAULT, default `auto`. */
  vault?: SecretVault;
  graceMs?: number;
  /** The team database saved in Settings; SWITCHBOARD_DATABASE_URL wins over it. None: the data directory's SQLite file. */
  databaseUrl?: string | null;
}): Promise<DesktopGateway | null> {
  const { dataDir, env, log } = options;
  const vaultChoice = vaultChoices.find((choice) => choice === env.SWITCHBOARD_VAULT) ?? 'auto';
  // The same one-gateway-per-directory rule as `switchboard serve`: a second one stops here.
  const lock = acquireGatewayLock(dataDir);
  let core: DesktopGateway['core'];
  try {
    core = await bootCore({
      dataDir,
      mode: 'desktop',
      log,
      vault: options.vault,
      vaultChoice,
      masterKey: env.SWITCHBOARD_MASTER_KEY,
      databaseUrl: chooseDatabaseUrl(undefined, env) ?? options.databaseUrl ?? null,
    });
  } catch (error) {
    lock.release();
    throw error;
  }
  const closeCore = () => {
    core.close();
    lock.release();
  };
  const envPort = parsePort(env.SWITCHBOARD_PORT);
  let server: LocalServer | null;
  try {
    server = await startWithPortChoice({
      port: envPort ?? (await rememberedPort(core.store.settings)) ?? defaultPort,
      start: (port) => startLocalServer(core, { port, uiDir: options.uiDir, authenticateToken: createRestTokenAuthenticator(core.tokens) }),
      ask: options.askForPort,
      // The admin's choice in the dialog is remembered (the same setting `switchboard serve` reuses).
      save: (port) => void rememberPort(core.store.settings, port),
    });
    // Without SWITCHBOARD_PORT the port stays the same across launches, so the agent endpoint does too.
    if (server && envPort === null && (await rememberedPort(core.store.settings)) !== server.port)
      await rememberPort(core.store.settings, server.port);
  } catch (error) {
    closeCore();
    throw error;
  }
  if (!server) {
    closeCore();
    return null;
  }
  lock.setAddress(server.baseUrl);
  const running = server;
  const shutdown = createGracefulShutdown(
    { closeServer: (graceMs) => running.close(graceMs), closeCore },
    { log, graceMs: options.graceMs },
  );
  return { core, server: running, shutdown };
}
