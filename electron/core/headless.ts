import { fileURLToPath } from 'node:url';
import { mcpCommand, mcpUsage } from './cli/mcp-command';
import { serveCommand, serveUsage, UsageError } from './cli/serve-command';
import { DatabaseTooNewError } from './db/migrate';

/**
 * `switchboard`: the gateway core without Electron, for CI agents, servers and tests.
 * @example npx switchboard serve --port 0 --data-dir ./data
 */
const usage = `Usage:
  ${serveUsage}

  ${mcpUsage}
`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  serve: (argv) => serveCommand(argv, process.env.SWITCHBOARD_UI_DIR ?? fileURLToPath(new URL('../web/', import.meta.url))),
  mcp: mcpCommand,
};

async function main(argv: string[]): Promise<number> {
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
    if (error instanceof DatabaseTooNewError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`switchboard: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
