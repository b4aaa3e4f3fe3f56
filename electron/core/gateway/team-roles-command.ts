import { parseArgs } from 'node:util';
import { UsageError } from '../cli/usage-error';
import { toPostgresStoreError } from '../db/postgres/error-mapping';
import { parsePostgresUrl } from '../db/postgres/connection-url';
import { setUpTeamDatabase } from '../db/postgres/team-setup';
import { createLogger } from '../log';

export const teamRolesUsage = `switchboard team roles --server-url URL [--database switchboard]
                      [--admin-role switchboard_admin] [--gateway-role switchboard_gateway]`;

export const teamRolesHelp = `  roles       run once by the server's administrator (URL of a role with CREATEROLE and CREATEDB,
              such as a managed server's master user): creates the team database, its admin role
              (desktop app, CLI) and its gateway role (switchboard serve: reads configuration,
              writes usage; cannot change providers, tokens or secrets), migrates the schema and
              grants the gateway its privileges. Prints both database URLs once; running it again
              resets both passwords.`;

/** `switchboard team roles`: the documented way to create the two roles (README, "Team setup"). */
export async function teamRolesCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'server-url': { type: 'string' },
      database: { type: 'string', default: 'switchboard' },
      'admin-role': { type: 'string', default: 'switchboard_admin' },
      'gateway-role': { type: 'string', default: 'switchboard_gateway' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${teamRolesUsage}\n\n${teamRolesHelp}\n`);
    return 0;
  }
  const serverUrl = values['server-url'];
  if (!serverUrl) throw new UsageError('team roles needs --server-url postgres://administrator:…@host/postgres');
  const target = parsePostgresUrl(serverUrl);
  const log = createLogger({ level: 'warn' });
  const setup = await setUpTeamDatabase(
    serverUrl,
    { database: values.database, admin: values['admin-role'], gateway: values['gateway-role'] },
    log,
  ).catch((error: unknown) => {
    throw toPostgresStoreError(error, target);
  });
  process.stdout.write(
    `Admin database URL (desktop app, CLI, team init/rotate-key/import):\n${setup.adminUrl}\n` +
      `Gateway database URL (switchboard serve on CI agents and servers):\n${setup.gatewayUrl}\n`,
  );
  process.stderr.write('The passwords are shown only now; keep each URL where its machines read SWITCHBOARD_DATABASE_URL.\n');
  return 0;
}
