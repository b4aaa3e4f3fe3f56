import { spawnSync } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions } from '../../shared/permissions';
import { liveMcpTools } from '../../electron/core/mcp/mcp-tools';
import { apiClient } from '../support/api-client';
import { builtCli } from '../support/built-cli';
import { callTool, connectStdio, mcpOutcome, restCall, restOutcome, stdioEnv } from '../support/mcp-clients';
import { apiToken, callEveryToolAgainstRest, seedToolCases, toolCases, uniqueName, type ToolCaseContext } from '../support/mcp-tool-cases';
import { startTestServer, type TestServer } from '../support/test-server';
import { testStoreKind } from '../support/test-store';

/**
 * The built `switchboard mcp` as an MCP client spawns it, on the same data directory as a running
 * server whose REST API gives the view to compare with.
 */
describe('`switchboard mcp` over stdio (the built bin)', () => {
  let t: TestServer;
  let ctx: ToolCaseContext;
  const live = liveMcpTools();
  const clients: Client[] = [];

  async function stdioClient(token: string) {
    const connected = await connectStdio(t.dataDir, token, t.databaseUrl);
    clients.push(connected.client);
    return connected;
  }

  beforeAll(async () => {
    t = await startTestServer();
    ctx = await seedToolCases(apiClient(t.server, { cookie: await t.login() }), t);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await t.stop();
  });

  it('refuses to start without a usable token and says why on stderr, keeping stdout clean', async () => {
    const job = await ctx.admin.post('/tokens', { name: uniqueName('job'), kind: 'job' });
    const cases: [string | undefined, RegExp][] = [
      [undefined, /set SWITCHBOARD_TOKEN to a Switchboard API token/],
      ['sb_unknown', /SWITCHBOARD_TOKEN was refused \(unauthorized\): Unknown Switchboard token/],
      [job.body.value, /SWITCHBOARD_TOKEN was refused \(unauthorized\): This is a job token/],
    ];
    for (const [token, message] of cases) {
      const result = spawnSync(process.execPath, [builtCli, 'mcp', '--data-dir', t.dataDir], {
        env: stdioEnv(token, t.databaseUrl),
        encoding: 'utf8',
        input: '',
      });
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });

  it('lists and calls each tool; results match REST and changes are audited with the token as actor', async () => {
    const token = await apiToken(ctx.admin, permissions);
    const { client } = await stdioClient(token.value);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(live.map((tool) => tool.name));
    await callEveryToolAgainstRest(client, live, ctx, token.value);
    const created = await callTool(client, 'create-ai-provider', { name: uniqueName('stdio'), provider: 'xai', defaultModel: 'grok-4' });
    const id = (created.structuredContent as { id: string }).id;
    const events = await ctx.admin.get(`/audit-events?targetId=${id}`);
    expect(events.body.items).toEqual([expect.objectContaining({ action: 'aiProviders:CreateAiProvider', actor: token.id, targetId: id })]);
  });

  it('lists and allows exactly what REST allows for tokens holding part of the permissions', async () => {
    const half = live.filter((_, index) => index % 2 === 0).map((tool) => tool.spec.permission);
    for (const granted of [half, permissions.filter((p) => !half.includes(p))]) {
      const token = await apiToken(ctx.admin, granted);
      const { client } = await stdioClient(token.value);
      const listed = (await client.listTools()).tools.map((tool) => tool.name);
      expect(listed).toEqual(live.filter((tool) => granted.includes(tool.spec.permission)).map((tool) => tool.name));
      for (const tool of live) {
        const testCase = toolCases[tool.name]!;
        const result = await callTool(client, tool.name, await testCase.args(ctx));
        const rest = await restCall(ctx.admin, tool.operation, await testCase.args(ctx), { token: token.value });
        expect(mcpOutcome(result), tool.name).toBe(restOutcome(rest));
        if (!granted.includes(tool.spec.permission))
          expect(mcpOutcome(result)).toBe(`forbidden: Missing permission ${tool.spec.permission}`);
      }
    }
  });

  it('turns bad arguments into tool errors and keeps serving', async () => {
    const token = await apiToken(ctx.admin, permissions);
    const { client } = await stdioClient(token.value);
    const badCalls: [string, Record<string, unknown>, RegExp][] = [
      ['get-ai-provider', { aiProviderId: 'aip_0000000000000000' }, /^not_found: /],
      ['get-ai-provider', { aiProviderId: 12 }, /^validation_failed: /],
      ['create-ai-provider', { name: uniqueName('x'), provider: 'openai' }, /^validation_failed: .*defaultModel/],
      [
        'create-ai-provider',
        { name: 'big', provider: 'openai', defaultModel: 'm', config: { blob: 'x'.repeat(300_000) } },
        /^payload_too_large: /,
      ],
      ['no-such-tool', {}, /^not_found: Unknown tool/],
    ];
    for (const [tool, args, expected] of badCalls) {
      const result = await callTool(client, tool, args);
      expect(result.isError, tool).toBe(true);
      expect(mcpOutcome(result)).toMatch(expected);
    }
    expect((await callTool(client, 'list-ai-providers', {})).isError).toBeFalsy();
  });

  it('stops honouring a token as soon as it is revoked', async () => {
    const token = await apiToken(ctx.admin, permissions);
    const { client } = await stdioClient(token.value);
    expect((await callTool(client, 'list-ai-providers', {})).isError).toBeFalsy();
    expect((await ctx.admin.delete(`/tokens/${token.id}`)).status).toBe(200);
    // SQLite is read again on every call: refused at once. A team database tells the other process
    // by NOTIFY, which the team-mode promise gives a second to arrive.
    const deadline = Date.now() + (testStoreKind === 'postgres' ? 1000 : 0);
    let outcome = mcpOutcome(await callTool(client, 'list-ai-providers', {}));
    while (outcome === 'ok' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      outcome = mcpOutcome(await callTool(client, 'list-ai-providers', {}));
    }
    expect(outcome).toBe('unauthorized: This token was revoked');
    await expect(client.listTools()).rejects.toThrow(/unauthorized: This token was revoked/);
  });
});
