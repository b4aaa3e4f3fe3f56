import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { AppError } from '../../../shared/errors';
import { parseJsonObject, readBody, sendError } from '../http/http-io';
import type { Logger } from '../log';
import type { Actor } from '../operations/actor';
import type { InvokeOperation } from '../operations/invoke-operation';
import { createMcpServer } from './mcp-server';
import { liveMcpTools, type McpTool } from './mcp-tools';

/** JSON-RPC messages are small; anything larger is refused (413) before it is parsed. */
const defaultBodyLimitBytes = 1024 * 1024;

export interface McpHttpOptions {
  invoke: InvokeOperation;
  log: Logger;
  /**
   * The caller's API token from the Authorization header as an actor; null when none was sent.
   * Throws an AppError (unauthorized, rate_limited) for a token that may not be used.
   */
  authenticate(req: IncomingMessage): Promise<Actor | null> | Actor | null;
  tools?: readonly McpTool[];
  bodyLimitBytes?: number;
}

/**
 * `/mcp`: MCP over Streamable HTTP, stateless. Each POST gets its own server and transport for the
 * token that sent it, so nothing is shared between callers. Host and Origin were already checked
 * by the gateway (DNS rebinding), which also binds 127.0.0.1 only.
 */
export function createMcpHttpHandler(options: McpHttpOptions) {
  const { invoke, log } = options;
  const tools = options.tools ?? liveMcpTools();
  const bodyLimit = options.bodyLimitBytes ?? defaultBodyLimitBytes;
  const validator = new AjvJsonSchemaValidator();

  return async function handleMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method !== 'POST') {
        // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
        res.setHeader('allow', 'POST');
        throw new AppError('method_not_allowed', 'Send MCP messages with POST; this endpoint keeps no sessions');
      }
      const actor = await options.authenticate(req);
      if (!actor) throw new AppError('unauthorized', 'Send a Switchboard API token: Authorization: Bearer sb_…');
      const message = parseJsonObject(await readBody(req, bodyLimit));
      const server = createMcpServer({ invoke, log, tools, validator, resolveActor: async () => actor });
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.once('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, message);
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthorized') {
        res.setHeader('www-authenticate', 'Bearer realm="Switchboard"');
      }
      sendError(res, error, log);
    }
  };
}
