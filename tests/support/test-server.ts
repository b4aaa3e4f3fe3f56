import { createRestTokenAuthenticator } from '../../electron/core/api/rest-token-auth';
import { bootCore } from '../../electron/core/boot';
import type { Clock } from '../../electron/core/clock';
import type { AuthThrottleOptions } from '../../electron/core/services/auth-throttle';
import { startLocalServer, type LocalServer } from '../../electron/core/gateway/local-server';
import { createMemoryLogger } from '../../electron/core/log';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import type { SecretVault } from '../../electron/core/secrets/secret-vault';
import type { Core } from '../../electron/core/boot';
import { makeTempDir } from './temp-dir';
import { testStoreLocation } from './test-store';

export interface TestServer {
  core: Core;
  server: LocalServer;
  dataDir: string;
  /** The team database the core runs on; null on SQLite (the data directory's file). */
  databaseUrl: string | null;
  logLines: string[];
  /** Signs in through the one-time login URL and returns the session cookie. */
  login(): Promise<string>;
  stop(): Promise<void>;
}

/** The real core and server on 127.0.0.1 on the store under test (a real SQLite file, or PostgreSQL); the vault is injectable. */
export async function startTestServer(
  options: {
    vault?: SecretVault;
    uiDir?: string;
    clock?: Clock;
    authThrottle?: AuthThrottleOptions;
    log?: ReturnType<typeof createMemoryLogger>;
  } = {},
): Promise<TestServer> {
  const temp = makeTempDir();
  const log = options.log ?? createMemoryLogger();
  const location = await testStoreLocation();
  const core = await bootCore({
    databaseUrl: location.databaseUrl,
    dataDir: temp.dir,
    mode: 'headless',
    log,
    vault: options.vault ?? createMemoryVault(),
    clock: options.clock,
    authThrottle: options.authThrottle,
  });
  const server = await startLocalServer(core, {
    port: 0,
    uiDir: options.uiDir ?? temp.dir,
    authenticateToken: createRestTokenAuthenticator(core.tokens),
  });
  return {
    core,
    server,
    dataDir: temp.dir,
    databaseUrl: location.databaseUrl,
    logLines: log.lines,
    async login() {
      const response = await fetch(server.loginUrl, { redirect: 'manual' });
      const cookie = response.headers.get('set-cookie');
      if (response.status !== 303 || !cookie) throw new Error(`login failed: ${response.status}`);
      return cookie.split(';')[0]!;
    },
    async stop() {
      await server.close(100);
      await core.close();
      await location.drop();
      temp.cleanup();
    },
  };
}
