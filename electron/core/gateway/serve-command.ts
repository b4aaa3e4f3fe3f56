import { parseArgs } from 'node:util';
import { createRestTokenAuthenticator } from '../api/rest-token-auth';
import { chooseDatabaseUrl } from '../config/database-url';
import { acquireGatewayLock } from '../config/gateway-lock';
import { listenOnStablePort } from '../config/remembered-port';
import { describeListenError } from '../http/listen';
import { parsePort } from '../port-number';
import { startLocalServer } from './local-server';
import { reservationTimingFrom } from './reservation-timing';
import { bootCliCore, resolveDataDir } from '../cli/cli-core';
import { UsageError } from '../cli/usage-error';

export const defaultPort = 8787;

export const serveUsage = `switchboard serve [--port N] [--data-dir DIR] [--reservation-expiry-ms MS] [--reservation-sweep-ms MS]

  Runs the gateway headless on 127.0.0.1: the agent endpoint (/v3), the REST API (/api/v1)
  and the admin UI. Without --port (or SWITCHBOARD_PORT) it reuses the port of the last run
  (8787 the first time, a free one if that is taken). --port 0 picks a free port. SIGTERM or SIGINT shut it down cleanly.

  --reservation-expiry-ms  how long a budget reservation nobody settled (a gateway killed mid-request)
                           is held before it is released (SWITCHBOARD_RESERVATION_EXPIRY_MS; 30 min)
  --reservation-sweep-ms   how often this gateway releases expired reservations, its own and those of
                           gateways that died (SWITCHBOARD_RESERVATION_SWEEP_MS; 1 min)`;

export async function serveCommand(argv: string[], uiDir: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'reservation-expiry-ms': { type: 'string' },
      'reservation-sweep-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(serveUsage + '\n');
    return 0;
  }
  const portText = values.port ?? process.env.SWITCHBOARD_PORT;
  const port = portText === undefined ? null : portOption(portText);
  const reservations = reservationTimingFrom({ expiry: values['reservation-expiry-ms'], sweep: values['reservation-sweep-ms'] });
  const dataDir = resolveDataDir(values['data-dir']);
  // Before the SQLite file opens: a second gateway on this directory stops here, changing nothing.
  // A team database is checked first instead: one it cannot use leaves no data directory behind.
  const onTeamDatabase = chooseDatabaseUrl(undefined) !== null;
  let lock = onTeamDatabase ? null : acquireGatewayLock(dataDir);
  let core;
  try {
    core = await bootCliCore(dataDir, 'info', reservations);
  } catch (error) {
    lock?.release();
    throw error;
  }
  try {
    lock ??= acquireGatewayLock(dataDir);
  } catch (error) {
    await core.close();
    throw error;
  }
  const { log } = core;
  let server;
  try {
    const authenticateToken = createRestTokenAuthenticator(core.tokens);
    server = await listenOnStablePort(core.store.settings, port, defaultPort, (chosen) =>
      startLocalServer(core, { port: chosen, uiDir, authenticateToken }),
    );
  } catch (error) {
    await core.close();
    lock.release();
    process.stderr.write(describeListenError(error, port ?? defaultPort) + '\n');
    return 1;
  }
  lock.setAddress(server.baseUrl);
  // Listen for signals before announcing the addresses: a script may stop us the moment it reads them.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info('shutting down', { signal });
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  // One line, every start: where secrets are kept when it is not the OS keychain, and how to move.
  if (core.vault.warning) process.stderr.write(`Vault: ${core.vault.warning}\n`);
  process.stdout.write(
    `Admin UI: ${server.loginUrl}\nAgent endpoint: ${server.agentEndpoint}\nAPI: ${server.apiBaseUrl}\nData directory: ${dataDir}\n`,
  );
  await stopped;
  await server.close(shutdownDrainMs(process.env.SWITCHBOARD_SHUTDOWN_DRAIN_MS));
  await core.close();
  lock.release();
  return 0;
}

/** How long SIGTERM lets requests in flight finish before cutting them (10 s unless set). */
function shutdownDrainMs(text: string | undefined): number {
  const ms = Number(text);
  return text !== undefined && Number.isInteger(ms) && ms >= 0 ? ms : 10_000;
}

function portOption(text: string): number {
  const port = parsePort(text);
  if (port === null) throw new UsageError(`--port must be 0..65535, not "${text}"`);
  return port;
}
