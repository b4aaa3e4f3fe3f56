import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../clock';
import { resolveDataDir } from '../cli/cli-core';
import { chooseDatabaseUrl } from '../config/database-url';
import { openStore } from '../db/open-store';
import { rememberedPort } from '../config/remembered-port';
import { createAdminSessions, loginLinkLifetimeMs } from '../http/admin-session';
import { createLogger } from '../log';

export const loginUsage = `switchboard login [--data-dir DIR]

  Prints a fresh one-time login link for the admin UI of the gateway running on this data
  directory, without restarting it. The link works once, within ${loginLinkLifetimeMs / 60_000} minutes; an older unused one stops working.`;

/**
 * The login token goes into the shared database, where the running gateway redeems it: no
 * restart, no second listener, nothing sent over the network.
 */
export async function loginCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(loginUsage + '\n');
    return 0;
  }
  const dataDir = resolveDataDir(values['data-dir']);
  const opened = await openStore(
    { dataDir, databaseUrl: chooseDatabaseUrl(undefined) },
    { log: createLogger({ level: 'warn' }), clock: systemClock },
  );
  const { store } = opened;
  try {
    const baseUrl = runningGatewayUrl(dataDir, await rememberedPort(store.settings));
    if (!baseUrl || !(await answers(baseUrl))) {
      const where = baseUrl ? ` at ${baseUrl}` : '';
      process.stderr.write(
        `No Switchboard gateway answers${where} for ${dataDir}. Start it with \`switchboard serve\` (it prints a login link).\n`,
      );
      return 1;
    }
    const token = await createAdminSessions(store.adminSessions, systemClock).issueLoginToken();
    process.stdout.write(`Admin UI: ${baseUrl}/auth/login?token=${token}\n`);
    return 0;
  } finally {
    store.close();
    await opened.closed();
  }
}

/** The address the running gateway wrote in its lock file, else the port it remembers; null when neither. */
function runningGatewayUrl(dataDir: string, port: number | null): string | null {
  try {
    const lock = JSON.parse(readFileSync(path.join(dataDir, 'gateway.lock'), 'utf8')) as { address?: unknown };
    if (typeof lock.address === 'string' && lock.address.startsWith('http://127.0.0.1:')) return lock.address.replace(/\/$/, '');
  } catch {
    // No lock file (an older gateway, or none running): the remembered port says where it listens.
  }
  return port === null ? null : `http://127.0.0.1:${port}`;
}

async function answers(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
}
