import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { SystemStatus } from '../../shared/operations';
import type { Permission } from '../../shared/permissions';
import { createMemoryLogger } from '../../electron/core/log';
import { adminSessionActor, type Actor } from '../../electron/core/operations/actor';
import { createOperationInvoker, type OperationHandlers } from '../../electron/core/operations/invoke-operation';
import { createMcpServer, maxToolArgumentBytes } from '../../electron/core/mcp/mcp-server';
import { liveMcpTools, mcpToolTable } from '../../electron/core/mcp/mcp-tools';

const status: SystemStatus = {
  version: '1.0.0',
  mode: 'headless',
  dataDir: '/data',
  agentEndpoint: null,
  apiBaseUrl: null,
  vault: { backend: 'memory', warning: null },
  startedAt: '2026-01-01T00:00:00.000Z',
  proxy: { state: 'running', requestsPerMinute: 0, inFlight: 0 },
  priceTable: { asOf: '2026-01-01', source: 'unit test' },
};

const tokenActor = (permissions: Permission[]): Actor => ({ kind: 'token', id: 'tok_unit', projectId: 'prj_unit', permissions: new Set(permissions) });

// The factory is exercised over an operation that exists from day one; the real table is derived
// the same way (and checked in tests/integration/mcp-*.test.ts).
const table = [{ name: 'get-system-status', operation: 'getSystemStatus', description: 'Status.' }, { name: 'not-yet', operation: 'notLandedYet', description: 'Later.' }];

describe('the MCP server factory', () => {
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  async function connect(actor: () => Promise<Actor>, handler: () => SystemStatus = () => status) {
    const log = createMemoryLogger();
    // Only the one operation this test calls needs a handler.
    const invoke = createOperationInvoker({ getSystemStatus: handler } as Partial<OperationHandlers> as OperationHandlers);
    const server = createMcpServer({ invoke, log, tools: liveMcpTools(table), resolveActor: actor });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'unit', version: '1.0.0' });
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    clients.push(client);
    return { client, log };
  }

  it('leaves out tools whose operation is not registered', () => {
    expect(liveMcpTools(table).map((tool) => tool.name)).toEqual(['get-system-status']);
  });

  it('derives every live tool from the contract: object schemas, the permission in the description', () => {
    for (const tool of liveMcpTools([...mcpToolTable, ...table])) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema.type).toBe('object');
      expect(tool.description).toContain(tool.spec.permission);
    }
  });

  it('lists a tool with its schemas and calls it: structured content plus a short text', async () => {
    const { client } = await connect(async () => adminSessionActor);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['get-system-status']);
    expect(tools[0]).toMatchObject({ annotations: { readOnlyHint: true, destructiveHint: false }, outputSchema: { type: 'object' } });
    const result = await client.callTool({ name: 'get-system-status', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual(status);
    expect(result.content).toEqual([{ type: 'text', text: `Done.\n${JSON.stringify(status)}` }]);
  });

  it('hides tools the token may not use, and a call names the missing permission', async () => {
    const { client } = await connect(async () => tokenActor([]));
    expect((await client.listTools()).tools).toEqual([]);
    const result = await client.callTool({ name: 'get-system-status', arguments: {} });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: 'forbidden: Missing permission system:GetSystemStatus\n{"details":{"permission":"system:GetSystemStatus"}}' },
    ]);
  });

  it('lists the tool for a token that holds the permission', async () => {
    const { client } = await connect(async () => tokenActor(['system:GetSystemStatus']));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['get-system-status']);
  });

  it('turns bad arguments, unknown tools and oversized arguments into tool errors and keeps serving', async () => {
    const { client } = await connect(async () => adminSessionActor);
    const unknown = await client.callTool({ name: 'drop-everything', arguments: {} });
    expect(unknown).toMatchObject({ isError: true, content: [{ text: 'not_found: Unknown tool: drop-everything' }] });
    const huge = await client.callTool({ name: 'get-system-status', arguments: { blob: 'x'.repeat(maxToolArgumentBytes) } });
    expect(huge).toMatchObject({ isError: true, content: [{ text: `payload_too_large: Tool arguments exceed ${maxToolArgumentBytes} bytes` }] });
    const ok = await client.callTool({ name: 'get-system-status', arguments: {} });
    expect(ok.isError).toBeFalsy();
  });

  it('reports a refused token as a tool error on call and a protocol error on listing', async () => {
    const { client } = await connect(async () => {
      throw new AppError('unauthorized', 'Token revoked');
    });
    await expect(client.listTools()).rejects.toThrow(/unauthorized: Token revoked/);
    const result = await client.callTool({ name: 'get-system-status', arguments: {} });
    expect(result).toMatchObject({ isError: true, content: [{ text: 'unauthorized: Token revoked' }] });
  });

  it('hides unexpected failures behind an internal error and logs them without details', async () => {
    const { client, log } = await connect(
      async () => adminSessionActor,
      () => {
        throw new Error('disk on fire: sk-canary');
      },
    );
    const result = await client.callTool({ name: 'get-system-status', arguments: {} });
    expect(result).toMatchObject({ isError: true, content: [{ text: 'internal: Internal error; see the Switchboard log.' }] });
    expect(JSON.stringify(result)).not.toContain('sk-canary');
    expect(log.lines.some((line) => line.includes('unexpected error'))).toBe(true);
  });
});
