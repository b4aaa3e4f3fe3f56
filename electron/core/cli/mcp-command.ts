import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { toAppError } from '../operations/to-app-error';
import { createMcpServer } from '../mcp/mcp-server';
import { liveMcpTools } from '../mcp/mcp-tools';
import type { Actor } from '../operations/actor';
import { bootCliCore, resolveDataDir } from './cli-core';

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
    process.stderr.write(
      'switchboard mcp: set SWITCHBOARD_TOKEN to a Switchboard API token (sb_…), from `switchboard token create --kind api …` or the admin UI.\n',
    );
    return 1;
  }
  const core = await bootCliCore(resolveDataDir(values['data-dir']), 'warn');
  const log = core.log;
  // Checked on every message, so revoking or expiring the token takes effect at once.
  const resolveActor = async (): Promise<Actor> => core.tokens.actorFor(await core.tokens.authenticate(token, 'api'));
  try {
    await resolveActor();
  } catch (error) {
    const appError = toAppError(error, log);
    process.stderr.write(`switchboard mcp: SWITCHBOARD_TOKEN was refused (${appError.code}): ${appError.message}\n`);
    await core.close();
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
  await core.close();
  return 0;
}
