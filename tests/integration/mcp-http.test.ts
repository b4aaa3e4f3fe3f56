import { request } from 'node:http';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationName } from '../../shared/operations';
import { permissions } from '../../shared/permissions';
import { liveMcpTools } from '../../electron/core/mcp/mcp-tools';
import { maxToolArgumentBytes } from '../../electron/core/mcp/mcp-server';
import { apiClient, type ApiClient } from '../support/api-client';
import { callTool, connectHttp, mcpOutcome, restCall, restOutcome, textOf } from '../support/mcp-clients';
import { apiToken, callEveryToolAgainstRest, seedToolCases, uniqueName, type ToolCaseContext } from '../support/mcp-tool-cases';
import { startTestServer, type TestServer } from '../support/test-server';

describe('MCP over Streamable HTTP at /mcp', () => {
  let t: TestServer;
  let admin: ApiClient;
  let ctx: ToolCaseContext;
  let token: { value: string; id: string };
  let client: Client;
  const live = liveMcpTools();
  const mcpUrl = () => `${t.server.baseUrl}/mcp`;

  beforeAll(async () => {
    t = await startTestServer();
    admin = apiClient(t.server, { cookie: await t.login() });
    ctx = await seedToolCases(admin, t);
    token = await apiToken(admin, permissions);
    client = await connectHttp(t.server, token.value);
  });
  afterAll(async () => {
    await client.close();
    await t.stop();
  });

  it("lists every live tool, with the operation's schemas, to a token that holds every permission", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(live.map((tool) => tool.name));
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining([
        'list-ai-providers',
        'get-ai-provider',
        'create-ai-provider',
        'update-ai-provider',
        'delete-ai-provider',
        'test-ai-provider',
        'list-secrets',
        'get-usage-summary',
        'list-audit-events',
      ]),
    );
    const create = tools.find((tool) => tool.name === 'create-ai-provider')!;
    expect(create.inputSchema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['name', 'provider', 'defaultModel']),
      additionalProperties: false,
    });
    expect(create.description).toContain('aiProviders:CreateAiProvider');
  });

  it('calls each tool; the structured content matches what REST shows', async () => {
    for (const { name, result, structured } of await callEveryToolAgainstRest(client, live, ctx, token.value)) {
      expect(textOf(result).split('\n')[1], name).toBe(JSON.stringify(structured));
    }
  });

  it('records MCP changes in the audit trail with the token as the actor', async () => {
    const name = uniqueName('audited');
    const created = await callTool(client, 'create-ai-provider', { name, provider: 'groq', defaultModel: 'llama-3.3-70b-versatile' });
    const id = (created.structuredContent as { id: string }).id;
    await callTool(client, 'update-ai-provider', { aiProviderId: id, defaultModel: 'llama-3.1-8b-instant' });
    await callTool(client, 'delete-ai-provider', { aiProviderId: id });
    const events = await admin.get(`/audit-events?targetId=${id}`);
    expect(events.body.items.map((event: { action: string }) => event.action)).toEqual([
      'aiProviders:DeleteAiProvider',
      'aiProviders:UpdateAiProvider',
      'aiProviders:CreateAiProvider',
    ]);
    for (const event of events.body.items) expect(event.actor).toBe(token.id);
    const viaTool = await callTool(client, 'list-audit-events', { actor: token.id, targetId: id });
    expect(viaTool.structuredContent).toEqual(events.body);
  });

  it('answers bad arguments with the same errors as REST, as tool errors, and keeps serving', async () => {
    const unknownId = 'aip_0000000000000000';
    const cases: [string, OperationName, Record<string, unknown>][] = [
      ['get-ai-provider', 'getAiProvider', { aiProviderId: unknownId }],
      ['get-ai-provider', 'getAiProvider', { aiProviderId: 'not-an-id' }],
      ['delete-ai-provider', 'deleteAiProvider', { aiProviderId: unknownId }],
      ['update-ai-provider', 'updateAiProvider', { aiProviderId: ctx.seed.providerId, defaultModel: 42 }],
      ['create-ai-provider', 'createAiProvider', { name: uniqueName('bad'), provider: 'not-a-slug', defaultModel: 'm' }],
      ['create-ai-provider', 'createAiProvider', { name: uniqueName('bad'), provider: 'openai', defaultModel: 'm', shell: 'rm -rf /' }],
      // Clients can never aim a provider at a non-HTTP upstream.
      [
        'create-ai-provider',
        'createAiProvider',
        { name: uniqueName('bad'), provider: 'custom', defaultModel: 'm', baseUrl: 'file:///etc/passwd' },
      ],
      // …nor at a cloud metadata or link-local address, in any spelling.
      [
        'create-ai-provider',
        'createAiProvider',
        { name: uniqueName('bad'), provider: 'custom', defaultModel: 'm', baseUrl: 'http://169.254.169.254/latest/meta-data' },
      ],
      ['update-ai-provider', 'updateAiProvider', { aiProviderId: ctx.seed.providerId, baseUrl: 'http://0xa9fea9fe/' }],
      ['update-ai-provider', 'updateAiProvider', { aiProviderId: ctx.seed.providerId, baseUrl: 'http://[fd00:ec2::254]/' }],
      ['list-ai-providers', 'listAiProviders', { limit: 'lots' }],
    ];
    for (const [tool, operation, args] of cases) {
      const result = await callTool(client, tool, args);
      expect(result.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
      const rest = await restCall(admin, operation, args, { token: token.value });
      expect(rest.status).toBeGreaterThanOrEqual(400);
      expect(rest.status).toBeLessThan(500);
      expect(mcpOutcome(result), `${tool} ${JSON.stringify(args)}`).toBe(restOutcome(rest));
    }
    const wrongType = await callTool(client, 'update-ai-provider', { aiProviderId: ctx.seed.providerId, defaultModel: 42 });
    expect(textOf(wrongType)).toContain('"path":"defaultModel"');
    const oversized = await callTool(client, 'create-ai-provider', {
      name: 'big',
      provider: 'openai',
      defaultModel: 'm',
      config: { blob: 'x'.repeat(maxToolArgumentBytes) },
    });
    expect(mcpOutcome(oversized)).toBe(`payload_too_large: Tool arguments exceed ${maxToolArgumentBytes} bytes`);
    const unknownTool = await callTool(client, 'run-command', { command: 'id' });
    expect(mcpOutcome(unknownTool)).toBe('not_found: Unknown tool: run-command');
    expect((await callTool(client, 'list-ai-providers', {})).isError).toBeFalsy();
  });

  it('refuses requests without a valid API token with 401', async () => {
    const job = await admin.post('/tokens', { name: uniqueName('job'), kind: 'job' });
    const revoked = await apiToken(admin, permissions);
    await admin.delete(`/tokens/${revoked.id}`);
    const message = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };
    for (const authorization of [undefined, 'Bearer sb_unknown', `Bearer ${job.body.value}`, `Bearer ${revoked.value}`]) {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
      if (authorization) headers.authorization = authorization;
      const response = await fetch(mcpUrl(), { method: 'POST', headers, body: JSON.stringify(message) });
      expect(response.status, authorization).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    await expect(connectHttp(t.server, 'sb_unknown')).rejects.toThrow(/401|Unknown Switchboard token/);
  });

  it('refuses a foreign Origin or Host with 403, other methods with 405, and oversized bodies with 413', async () => {
    const headers = {
      authorization: `Bearer ${token.value}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'null']) {
      const foreign = await fetch(mcpUrl(), { method: 'POST', headers: { ...headers, origin }, body });
      expect(foreign.status, origin).toBe(403);
    }
    // DNS rebinding: a page on attacker.example resolved to 127.0.0.1 sends its own Host.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(mcpUrl(), { method: 'POST', headers: { ...headers, host: `attacker.example:${t.server.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(rebound).toBe(403);
    const own = await fetch(mcpUrl(), { method: 'POST', headers: { ...headers, origin: t.server.baseUrl }, body });
    expect(own.status).toBe(200);
    for (const method of ['GET', 'DELETE', 'PUT']) {
      const response = await fetch(mcpUrl(), { method, headers });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
    const huge = await fetch(mcpUrl(), {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(huge.status).toBe(413);
    const notJson = await fetch(mcpUrl(), { method: 'POST', headers, body: '{"jsonrpc":' });
    expect(notJson.status).toBe(400);
    expect((await client.listTools()).tools.length).toBe(live.length);
  });
});
