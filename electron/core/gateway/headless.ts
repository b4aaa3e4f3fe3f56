import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/errors';
import { mcpCommand, mcpUsage } from '../cli/mcp-command';
import { pricesCommand, pricesUsage } from '../cli/prices-command';
import { providerCommand, providerUsage } from '../cli/provider-command';
import { retentionCommand, retentionUsage } from '../cli/retention-command';
import { secretCommand, secretUsage } from '../cli/secret-command';
import { vaultCommand, vaultUsage } from '../cli/vault-command';
import { loginCommand, loginUsage } from './login-command';
import { serveCommand, serveUsage } from './serve-command';
import { teamCommand, teamUsage } from './team-command';
import { tokenCommand, tokenUsage } from '../cli/token-command';
import { UsageError } from '../cli/usage-error';
import { databaseUrlVariable, takeDatabaseUrlOption } from '../config/database-url';
import { GatewayAlreadyRunningError } from '../config/gateway-lock';
import { parsePostgresUrl } from '../db/postgres/connection-url';
import { PostgresStoreError } from '../db/postgres/errors';
import { DatabaseTooNewError } from '../db/sqlite/migrate';
import { VaultUnavailableError } from '../secrets/secret-vault';

/**
 * `switchboard`: the gateway core without Electron, for CI agents, servers and tests.
 * @example npx switchboard serve --port 0 --data-dir ./data
 */
const usage = `Usage:
  ${serveUsage}

  ${loginUsage}

  ${tokenUsage}

  ${providerUsage}

  ${secretUsage}

  ${vaultUsage}

  ${mcpUsage}

  ${pricesUsage}

  ${retentionUsage}

  ${teamUsage}

  Every command takes --database-url postgres://user:password@host:5432/database (or
  SWITCHBOARD_DATABASE_URL) to run on a team's PostgreSQL instead of the data directory's SQLite file.
`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  serve: (argv) => serveCommand(argv, process.env.SWITCHBOARD_UI_DIR ?? fileURLToPath(new URL('../web/', import.meta.url))),
  login: loginCommand,
  token: tokenCommand,
  provider: providerCommand,
  secret: secretCommand,
  vault: vaultCommand,
  mcp: mcpCommand,
  prices: pricesCommand,
  team: teamCommand,
  retention: retentionCommand,
};

async function main(commandLine: string[]): Promise<number> {
  const { argv, databaseUrl } = takeDatabaseUrlOption(commandLine);
  // The option is the variable for this run: every command (and the core it boots) reads the variable.
  if (databaseUrl !== undefined) process.env[databaseUrlVariable] = databaseUrl;
  // A malformed URL stops here, before any command writes anything (a lock file, a data directory).
  const chosen = process.env[databaseUrlVariable];
  if (chosen !== undefined && chosen.trim() !== '') parsePostgresUrl(chosen);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n${usage}`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n${usage}`);
      process.exit(2);
    }
    if (error instanceof PostgresStoreError) {
      process.stderr.write(`switchboard: ${error.message}\n`);
      process.exit(1);
    }
    if (error instanceof DatabaseTooNewError || error instanceof VaultUnavailableError || error instanceof GatewayAlreadyRunningError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    if (error instanceof AppError) {
      // The same messages REST gives, with field details: never values (errors carry none).
      const issues = Array.isArray(error.details) ? (error.details as { path?: string; message?: string }[]) : [];
      const details = issues.length > 1 ? issues.map((d) => `\n  ${d.path}: ${d.message}`).join('') : '';
      process.stderr.write(`switchboard: ${error.message}${details}\n`);
      process.exit(1);
    }
    process.stderr.write(`switchboard: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
