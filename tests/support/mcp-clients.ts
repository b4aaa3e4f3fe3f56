import { existsSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { operations, type OperationName } from '../../shared/operations';
import type { ApiClient, ApiResponse, Credential } from './api-client';
import { builtCli } from './built-cli';
import type { TestServer } from './test-server';

/** The official SDK client over Streamable HTTP at `/mcp`, presenting `token` as a bearer token. */
export async function connectHttp(server: TestServer['server'], token: string): Promise<Client> {
  const client = new Client({ name: 'switchboard-tests', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${server.baseUrl}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

/** Environment for a spawned `switchboard mcp`: the file vault, so no keychain is touched, and the test server's team database when it runs on one. */
export function stdioEnv(token: string | undefined, databaseUrl: string | null = null): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('SWITCHBOARD_')) env[key] = value;
  if (token !== undefined) env.SWITCHBOARD_TOKEN = token;
  if (databaseUrl !== null) env.SWITCHBOARD_DATABASE_URL = databaseUrl;
  return { ...env, SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'mcp-test-master-key' };
}

/** The official SDK client over stdio, spawning the built `switchboard mcp` on `dataDir`. */
export async function connectStdio(
  dataDir: string,
  token: string,
  databaseUrl: string | null = null,
): Promise<{ client: Client; stderr(): string }> {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: run \`npm run build\` first`);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [builtCli, 'mcp', '--data-dir', dataDir],
    env: stdioEnv(token, databaseUrl),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => (stderr += chunk));
  const client = new Client({ name: 'switchboard-tests', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** Calls a tool and returns the result as the client saw it (tool errors included). */
export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The text of a tool result's first content block. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === 'text' ? first.text : '';
}

/**
 * The same operation over REST, built from the contract's route: path parameters from the input,
 * the rest as the query (GET, DELETE) or the JSON body.
 */
export function restCall(
  api: ApiClient,
  operation: OperationName,
  input: Record<string, unknown>,
  credential: Credential,
): Promise<ApiResponse> {
  const { method, path } = operations[operation].http;
  const rest: Record<string, unknown> = { ...input };
  const url = path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = String(rest[name]);
    delete rest[name];
    return encodeURIComponent(value);
  });
  if (method === 'GET' || method === 'DELETE') {
    const query = new URLSearchParams(Object.entries(rest).map(([key, value]): [string, string] => [key, String(value)])).toString();
    return api.call(method, query ? `${url}?${query}` : url, undefined, credential);
  }
  return api.call(method, url, rest, credential);
}

/**
 * One outcome, comparable across REST and MCP: `ok`, or the error code and message.
 * @example "forbidden: Missing permission aiProviders:CreateAiProvider"
 */
export function restOutcome(response: ApiResponse): string {
  return response.status < 400 ? 'ok' : `${response.body.error.code}: ${response.body.error.message}`;
}
export function mcpOutcome(result: CallToolResult): string {
  return result.isError ? textOf(result).split('\n')[0]! : 'ok';
}
