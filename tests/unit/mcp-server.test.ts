import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { Permission } from '../../shared/permissions';
import { createMemoryLogger } from '../../electron/core/log';
import { adminSessionActor, type Actor } from '../../electron/core/operations/actor';
import { createOperationInvoker, type OperationHandlers } from '../../electron/core/operations/invoke-operation';
import { createMcpServer, maxToolArgumentBytes } from '../../electron/core/mcp/mcp-server';
import { liveMcpTools, mcpToolTable, type McpToolEntry } from '../../electron/core/mcp/mcp-tools';

const providerId = 'aip_0123456789abcdef';

const tokenActor = (permissions: Permission[]): Actor => ({
  kind: 'token',
  id: 'tok_unit',
  projectId: 'prj_unit',
  permissions: new Set(permissions),
});

// The factory over one operation with a small, stable output (`Deleted`) and a fake handler; the
// real table is derived the same way (and checked against REST in tests/integration/mcp-*.test.ts).
const table: McpToolEntry[] = [{ name: 'remove-provider', operation: 'deleteAiProvider', description: 'Remove.' }];
type Removal = { id: string; deleted: true };

describe('the MCP server factory', () => {
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  async function connect(
    actor: () => Promise<Actor>,
    handler: (input: { aiProviderId: string }) => Removal = (input) => ({ id: input.aiProviderId, deleted: true }),
  ) {
    const log = createMemoryLogger();
    // Only the one operation this test calls needs a handler.
    const invoke = createOperationInvoker({ deleteAiProvider: handler } as Partial<OperationHandlers> as OperationHandlers);
    const server = createMcpServer({ invoke, log, tools: liveMcpTools(table), resolveActor: actor });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'unit', version: '1.0.0' });
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    clients.push(client);
    return { client, log };
  }

  it('names operations of the contract only: a misspelt one is a compile error, so no tool is dropped silently', () => {
    // @ts-expect-error `listAiProvider` is not an operation (tsc fails here if the table ever takes any string again)
    const misspelt: McpToolEntry = { name: 'typo', operation: 'listAiProvider', description: 'Typo.' };
    expect(misspelt.operation).toBe('listAiProvider');
    expect(liveMcpTools().map((tool) => tool.name)).toEqual(mcpToolTable.map((entry) => entry.name));
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
    expect(tools.map((tool) => tool.name)).toEqual(['remove-provider']);
    expect(tools[0]).toMatchObject({
      annotations: { readOnlyHint: false, destructiveHint: true },
      inputSchema: { type: 'object', required: ['aiProviderId'] },
      outputSchema: { type: 'object' },
    });
    const result = await client.callTool({ name: 'remove-provider', arguments: { aiProviderId: providerId } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ id: providerId, deleted: true });
    expect(result.content).toEqual([{ type: 'text', text: `Deleted ${providerId}.\n{"id":"${providerId}","deleted":true}` }]);
  });

  it('hides tools the token may not use, and a call names the missing permission', async () => {
    const { client } = await connect(async () => tokenActor([]));
    expect((await client.listTools()).tools).toEqual([]);
    const result = await client.callTool({ name: 'remove-provider', arguments: { aiProviderId: providerId } });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      {
        type: 'text',
        text: 'forbidden: Missing permission aiProviders:DeleteAiProvider\n{"details":{"permission":"aiProviders:DeleteAiProvider"}}',
      },
    ]);
  });

  it('lists the tool for a token that holds the permission', async () => {
    const { client } = await connect(async () => tokenActor(['aiProviders:DeleteAiProvider']));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['remove-provider']);
  });

  it('turns bad arguments, unknown tools and oversized arguments into tool errors and keeps serving', async () => {
    const { client } = await connect(async () => adminSessionActor);
    const invalid = await client.callTool({ name: 'remove-provider', arguments: { aiProviderId: 42 } });
    expect(invalid).toMatchObject({
      isError: true,
      content: [
        { text: expect.stringMatching(/^validation_failed: Invalid input: aiProviderId: .*\n\{"details":\[\{"path":"aiProviderId"/) },
      ],
    });
    const unknown = await client.callTool({ name: 'drop-everything', arguments: {} });
    expect(unknown).toMatchObject({ isError: true, content: [{ text: 'not_found: Unknown tool: drop-everything' }] });
    const huge = await client.callTool({
      name: 'remove-provider',
      arguments: { aiProviderId: providerId, blob: 'x'.repeat(maxToolArgumentBytes) },
    });
    expect(huge).toMatchObject({
      isError: true,
      content: [{ text: `payload_too_large: Tool arguments exceed ${maxToolArgumentBytes} bytes` }],
    });
    const ok = await client.callTool({ name: 'remove-provider', arguments: { aiProviderId: providerId } });
    expect(ok.isError).toBeFalsy();
  });

  it('reports a refused token as a tool error on call and a protocol error on listing', async () => {
    const { client } = await connect(async () => {
      throw new AppError('unauthorized', 'Token revoked');
    });
    await expect(client.listTools()).rejects.toThrow(/unauthorized: Token revoked/);
    const result = await client.callTool({ name: 'remove-provider', arguments: { aiProviderId: providerId } });
    expect(result).toMatchObject({ isError: true, content: [{ text: 'unauthorized: Token revoked' }] });
  });

  it('hides unexpected failures behind an internal error and logs them without details', async () => {
    const { client, log } = await connect(
      async () => adminSessionActor,
      () => {
        throw new Error('disk on fire: sk-canary');
      },
    );
    const result = await client.callTool({ name: 'remove-provider', arguments: { aiProviderId: providerId } });
    expect(result).toMatchObject({ isError: true, content: [{ text: 'internal: Internal error; see the Switchboard log.' }] });
    expect(JSON.stringify(result)).not.toContain('sk-canary');
    expect(log.lines.some((line) => line.includes('unexpected error'))).toBe(true);
  });
});
