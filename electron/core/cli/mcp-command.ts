import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { bootCore } from '../boot';
import { defaultDataDir } from '../config/data-dir';
import { toAppError } from '../http/http-io';
import { createLogger } from '../log';
import { createMcpServer } from '../mcp/mcp-server';
import { liveMcpTools } from '../mcp/mcp-tools';
import type { Actor } from '../operations/actor';
import type { VaultChoice } from '../secrets/choose-vault';

export const mcpUsage = `switchboard mcp [--data-dir DIR]

  Serves Switchboard's MCP tools over stdin/stdout for an MCP client (Claude Code, Claude Desktop,
  an agent in a pipeline), with the permissions of the API token in SWITCHBOARD_TOKEN. Reads the
  same data directory as serve. Logs go to stderr; stdout carries only MCP messages.`;

/** `switchboard mcp`: the MCP server over stdio, for one API token. */
export async function mcpCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(mcpUsage + '\n');
    return 0;
  }
  const token = process.env.SWITCHBOARD_TOKEN?.trim();
  if (!token) {
    process.stderr.write('switchboard mcp: set SWITCHBOARD_TOKEN to a Switchboard API token (sb_…), created in the admin UI under Tokens with kind "api".\n');
    return 1;
  }
  const dataDir = values['data-dir'] ? defaultDataDir({ SWITCHBOARD_DATA_DIR: values['data-dir'] }) : defaultDataDir();
  const log = createLogger({ level: process.env.SWITCHBOARD_LOG_LEVEL === 'debug' ? 'debug' : 'warn' });
  const core = await bootCore({
    dataDir,
    mode: 'headless',
    log,
    vaultChoice: (process.env.SWITCHBOARD_VAULT as VaultChoice | undefined) ?? 'auto',
    masterKey: process.env.SWITCHBOARD_MASTER_KEY,
  });
  // Checked on every message, so revoking or expiring the token takes effect at once.
  const resolveActor = async (): Promise<Actor> => core.tokens.actorFor(await core.tokens.authenticate(token, 'api'));
  try {
    await resolveActor();
  } catch (error) {
    const appError = toAppError(error, log);
    process.stderr.write(`switchboard mcp: SWITCHBOARD_TOKEN was refused (${appError.code}): ${appError.message}\n`);
    core.close();
    return 1;
  }

  const server = createMcpServer({ invoke: core.invoke, log, tools: liveMcpTools(), resolveActor });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    process.stdin.once('end', resolve);
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close();
  core.close();
  return 0;
}
