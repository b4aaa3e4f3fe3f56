import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { AppError } from '../../../shared/errors';
import { toAppError } from '../operations/to-app-error';
import type { Logger } from '../log';
import { hasPermission, type Actor } from '../operations/actor';
import type { InvokeOperation } from '../operations/invoke-operation';
import { appVersion } from '../version';
import type { McpTool } from './mcp-tools';
import { toolError, toolSuccess } from './tool-results';

/** Tool arguments larger than this (as JSON) are refused before anything parses them. */
export const maxToolArgumentBytes = 256 * 1024;

export interface McpServerDeps {
  invoke: InvokeOperation;
  log: Logger;
  tools: readonly McpTool[];
  /**
   * Who is calling, asked for every message: fixed for one HTTP request; on stdio the token is
   * checked again each time, so a revoked or expired token stops working at once.
   */
  resolveActor(): Promise<Actor>;
  /** Shared across servers: the SDK would otherwise build a JSON Schema compiler per server. */
  validator?: jsonSchemaValidator;
}

const instructions =
  'Switchboard gives CI pipelines metered access to LLM providers without handing out provider keys. ' +
  'These tools manage its AI providers and read secrets metadata, usage and the audit trail, with the permissions of your token.';

/**
 * The MCP server for one caller. The low-level SDK `Server` is used rather than `McpServer` so
 * that every call goes through `invoke` unchanged: permission first (a tool error naming it), then
 * the operation's own input schema, exactly as REST does. Listing shows only permitted tools.
 */
export function createMcpServer(deps: McpServerDeps): Server {
  const { invoke, log, tools } = deps;
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const server = new Server(
    { name: 'switchboard', title: 'Switchboard', version: appVersion },
    { capabilities: { tools: { listChanged: false } }, instructions, jsonSchemaValidator: deps.validator },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const actor = await deps.resolveActor().catch((error: unknown) => {
      const appError = toAppError(error, log);
      throw new McpError(ErrorCode.InvalidRequest, `${appError.code}: ${appError.message}`);
    });
    return {
      tools: tools
        .filter((tool) => hasPermission(actor, tool.spec.permission))
        .map(({ name, description, inputSchema, outputSchema, annotations }) => ({
          name,
          title: annotations.title,
          description,
          inputSchema,
          outputSchema,
          annotations,
        })),
    };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const { name, arguments: args = {} } = request.params;
    const tool = byName.get(name);
    try {
      if (!tool) throw new AppError('not_found', `Unknown tool: ${name.slice(0, 100)}`);
      if (Buffer.byteLength(JSON.stringify(args)) > maxToolArgumentBytes) {
        throw new AppError('payload_too_large', `Tool arguments exceed ${maxToolArgumentBytes} bytes`);
      }
      const actor = await deps.resolveActor();
      const output = await invoke(tool.operation, args, actor);
      log.debug('mcp tool call', { tool: name, actor: actor.id });
      return toolSuccess(output);
    } catch (error) {
      const appError = toAppError(error, log);
      log.debug('mcp tool call refused', { tool: name.slice(0, 100), code: appError.code });
      return toolError(appError);
    }
  });

  return server;
}
