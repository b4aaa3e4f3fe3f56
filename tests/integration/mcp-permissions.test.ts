import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions } from '../../shared/permissions';
import { liveMcpTools } from '../../electron/core/mcp/mcp-tools';
import { apiClient } from '../support/api-client';
import { callTool, connectHttp, mcpOutcome, restCall, restOutcome } from '../support/mcp-clients';
import { apiToken, seedToolCases, toolCases, type ToolCaseContext } from '../support/mcp-tool-cases';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Each tool × a token with only its permission and a token with every permission but its own:
 * MCP must list exactly the permitted tools, and every call must end as REST's call of the same
 * operation with the same token ends (success, or the same error code and message).
 */
describe('MCP permissions match REST exactly', () => {
  let t: TestServer;
  let ctx: ToolCaseContext;
  const live = liveMcpTools();

  beforeAll(async () => {
    t = await startTestServer();
    ctx = await seedToolCases(apiClient(t.server, { cookie: await t.login() }), t);
  });
  afterAll(() => t.stop());

  for (const tool of live) {
    const permission = tool.spec.permission;
    for (const [label, granted] of [
      ['only its permission', [permission]],
      ['every permission but its own', permissions.filter((p) => p !== permission)],
    ] as const) {
      it(`${tool.name} with ${label}`, async () => {
        const token = await apiToken(ctx.admin, granted);
        const client = await connectHttp(t.server, token.value);
        try {
          const listed = (await client.listTools()).tools.map((listedTool) => listedTool.name);
          expect(listed).toEqual(live.filter((other) => granted.includes(other.spec.permission)).map((other) => other.name));

          const testCase = toolCases[tool.name]!;
          const mcpArgs = await testCase.args(ctx);
          const restArgs = await testCase.args(ctx);
          const result = await callTool(client, tool.name, mcpArgs);
          const rest = await restCall(ctx.admin, tool.operation, restArgs, { token: token.value });
          expect(mcpOutcome(result)).toBe(restOutcome(rest));
          expect(mcpOutcome(result)).toBe(granted.includes(permission) ? 'ok' : `forbidden: Missing permission ${permission}`);
        } finally {
          await client.close();
        }
      });
    }
  }
});
