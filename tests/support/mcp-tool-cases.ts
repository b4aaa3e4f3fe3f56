import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';
import type { ApiClient, Credential } from './api-client';
import { callTool, textOf } from './mcp-clients';
import { peekStore } from './store-peek';
import type { TestServer } from './test-server';
import { writeDailyRollups } from './usage-rollups';

export interface ToolCaseContext {
  /** REST as the admin session: sets up targets and reads the truth. */
  admin: ApiClient;
  /** A provider and a secret that exist for the whole file. */
  seed: { providerId: string; secretId: string; secretValue: string };
}

/** How a test calls one MCP tool and what REST must show afterwards. */
export interface ToolCase {
  /** Fresh arguments for one call: a mutation gets its own target each time. */
  args(ctx: ToolCaseContext): Promise<Record<string, unknown>>;
  /** After a successful call: asserts on REST's view and returns what the structured content must equal. */
  restView(ctx: ToolCaseContext, args: Record<string, unknown>, structured: Record<string, unknown>, caller: Credential): Promise<unknown>;
}

let counter = 0;
/** Provider names are unique per project. */
export const uniqueName = (what: string) => `${what} ${++counter} ${Math.random().toString(36).slice(2, 8)}`;

async function throwawayProvider(ctx: ToolCaseContext): Promise<string> {
  const created = await ctx.admin.post('/ai-providers', {
    name: uniqueName('throwaway'),
    provider: 'anthropic',
    defaultModel: 'claude-sonnet-4-5',
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** The default project: what the budget cases cap. */
async function projectOf(ctx: ToolCaseContext): Promise<string> {
  const projects = (await restBody(ctx.admin, '/projects')) as { items: { id: string; isDefault: boolean }[] };
  return projects.items.find((project) => project.isDefault)!.id;
}

async function restBody(api: ApiClient, path: string, credential?: Credential): Promise<unknown> {
  const response = await api.get(path, credential);
  expect(response.status, response.text).toBe(200);
  return response.body;
}

/**
 * One case per MCP tool. A tool whose operation lands without a case here fails the "every tool"
 * tests on purpose: add its case.
 */
export const toolCases: Record<string, ToolCase> = {
  'list-ai-providers': {
    args: async () => ({}),
    restView: (ctx, _args, _out, caller) => restBody(ctx.admin, '/ai-providers', caller),
  },
  'get-ai-provider': {
    args: async (ctx) => ({ aiProviderId: ctx.seed.providerId }),
    restView: (ctx, args, _out, caller) => restBody(ctx.admin, `/ai-providers/${String(args.aiProviderId)}`, caller),
  },
  'create-ai-provider': {
    args: async () => ({
      name: uniqueName('created'),
      provider: 'openai',
      defaultModel: 'gpt-4o-mini',
      config: { organization: 'org-test' },
    }),
    restView: async (ctx, args, out) => {
      const view = (await restBody(ctx.admin, `/ai-providers/${String(out.id)}`)) as Record<string, unknown>;
      expect(view).toMatchObject({
        name: args.name,
        provider: 'openai',
        defaultModel: 'gpt-4o-mini',
        config: { organization: 'org-test' },
      });
      return view;
    },
  },
  'update-ai-provider': {
    args: async (ctx) => ({
      aiProviderId: await throwawayProvider(ctx),
      defaultModel: 'claude-opus-4-1',
      baseUrl: 'https://llm.example.com/anthropic',
    }),
    restView: async (ctx, args) => {
      const view = (await restBody(ctx.admin, `/ai-providers/${String(args.aiProviderId)}`)) as Record<string, unknown>;
      expect(view).toMatchObject({ defaultModel: 'claude-opus-4-1', baseUrl: 'https://llm.example.com/anthropic' });
      return view;
    },
  },
  'delete-ai-provider': {
    args: async (ctx) => ({ aiProviderId: await throwawayProvider(ctx) }),
    restView: async (ctx, args) => {
      expect((await ctx.admin.get(`/ai-providers/${String(args.aiProviderId)}`)).status).toBe(404);
      return { id: args.aiProviderId, deleted: true };
    },
  },
  'test-ai-provider': {
    // Nothing listens on the discard port: the check answers "unreachable" at once, with no fake upstream.
    args: async (ctx) => {
      const created = await ctx.admin.post('/ai-providers', {
        name: uniqueName('down'),
        provider: 'custom',
        defaultModel: 'm',
        baseUrl: 'http://127.0.0.1:9/v1',
      });
      expect(created.status, created.text).toBe(201);
      return { aiProviderId: created.body.id };
    },
    restView: async (ctx, args, out, caller) => {
      expect(out).toMatchObject({ ok: false, reachable: false });
      const rest = await ctx.admin.post(`/ai-providers/${String(args.aiProviderId)}/test`, {}, caller);
      expect(rest.status, rest.text).toBe(200);
      // Each check has its own time and latency.
      return { ...rest.body, testedAt: out.testedAt, latencyMs: out.latencyMs };
    },
  },
  'list-secrets': {
    args: async () => ({}),
    restView: async (ctx, _args, out, caller) => {
      expect(JSON.stringify(out)).not.toContain(ctx.seed.secretValue);
      return restBody(ctx.admin, '/secrets', caller);
    },
  },
  'get-usage-summary': {
    args: async () => ({ from: usageDays[0], to: usageDays[1], groupBy: 'pipeline' }),
    restView: async (ctx, _args, out, caller) => {
      expect(out).toMatchObject({
        totals: { requests: 7, inputTokens: 1500 },
        groups: [
          { key: 'deploy', requests: 4 },
          { key: 'nightly', requests: 3 },
        ],
      });
      return restBody(ctx.admin, `/usage/summary?from=${usageDays[0]}&to=${usageDays[1]}&groupBy=pipeline`, caller);
    },
  },
  'list-budgets': {
    args: async () => ({}),
    restView: (ctx, _args, _out, caller) => restBody(ctx.admin, '/budgets', caller),
  },
  'get-budget': {
    args: async (ctx) => {
      const input = { name: uniqueName('budget'), scope: 'project', scopeId: await projectOf(ctx), period: 'daily', capUsd: 3 };
      const created = await ctx.admin.post('/budgets', input);
      expect(created.status, created.text).toBe(201);
      return { budgetId: created.body.id };
    },
    restView: (ctx, args, _out, caller) => restBody(ctx.admin, `/budgets/${String(args.budgetId)}`, caller),
  },
  'create-budget': {
    args: async (ctx) => ({ name: uniqueName('budget'), scope: 'project', scopeId: await projectOf(ctx), period: 'monthly', capUsd: 25 }),
    restView: async (ctx, args, out) => {
      const view = (await restBody(ctx.admin, `/budgets/${String(out.id)}`)) as Record<string, unknown>;
      expect(view).toMatchObject({ name: args.name, period: 'monthly', capUsd: 25, timeZone: 'UTC', spentMicroUsd: 0 });
      return view;
    },
  },
  'list-requests': {
    args: async () => ({ since: '2026-03-01T00:00:00Z', until: '2026-04-01T00:00:00Z', limit: 5 }),
    restView: (ctx, _args, _out, caller) =>
      restBody(ctx.admin, '/requests?since=2026-03-01T00:00:00Z&until=2026-04-01T00:00:00Z&limit=5', caller),
  },
  'list-audit-events': {
    args: async () => ({ limit: 20 }),
    restView: (ctx, _args, _out, caller) => restBody(ctx.admin, '/audit-events?limit=20', caller),
  },
  'list-gateways': {
    args: async () => ({}),
    // The same gateways as REST lists; which one is "self" depends on the process answering (over
    // stdio, none), and a heartbeat may land between the two calls.
    restView: async (ctx, _args, out, caller) => {
      const view = (await restBody(ctx.admin, '/gateways', caller)) as { items: Array<Record<string, unknown>> };
      const live = new Map((out.items as Array<Record<string, unknown>>).map((item) => [item.id, item]));
      const moving = ['isSelf', 'lastSeenAt', 'requestsPerMinute', 'state'];
      return {
        ...view,
        items: view.items.map((item) => ({ ...item, ...Object.fromEntries(moving.map((k) => [k, live.get(item.id)?.[k]])) })),
      };
    },
  },
  'list-routes': {
    args: async () => ({}),
    restView: (ctx, _args, _out, caller) => restBody(ctx.admin, '/routes', caller),
  },
  'get-route': {
    args: async (ctx) => ({ routeId: await throwawayRoute(ctx) }),
    restView: (ctx, args, _out, caller) => restBody(ctx.admin, `/routes/${String(args.routeId)}`, caller),
  },
  'create-route': {
    args: async (ctx) => ({ name: routeName(), family: 'openai', targets: [{ aiProviderId: ctx.seed.providerId, model: 'gpt-4o-mini' }] }),
    restView: async (ctx, args, out) => {
      const view = (await restBody(ctx.admin, `/routes/${String(out.id)}`)) as Record<string, unknown>;
      expect(view).toMatchObject({ name: args.name, strategy: 'fallback', retry: { maxAttempts: 2 } });
      return view;
    },
  },
  'update-route': {
    args: async (ctx) => ({ routeId: await throwawayRoute(ctx), strategy: 'weighted' }),
    restView: async (ctx, args) => {
      const view = (await restBody(ctx.admin, `/routes/${String(args.routeId)}`)) as Record<string, unknown>;
      expect(view).toMatchObject({ strategy: 'weighted' });
      return view;
    },
  },
  'delete-route': {
    args: async (ctx) => ({ routeId: await throwawayRoute(ctx) }),
    restView: async (ctx, args) => {
      expect((await ctx.admin.get(`/routes/${String(args.routeId)}`)).status).toBe(404);
      return { id: args.routeId, deleted: true };
    },
  },
};

const routeName = () => `route-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** A route over the seeded provider, for a tool that changes or reads one. */
async function throwawayRoute(ctx: ToolCaseContext): Promise<string> {
  const created = await ctx.admin.post('/routes', {
    name: routeName(),
    family: 'openai',
    targets: [{ aiProviderId: ctx.seed.providerId }],
  });
  expect(created.status, created.text).toBe(201);
  return created.body.id as string;
}

const usageDays = ['2026-03-01', '2026-03-31'] as const;

/** Seeds what the cases need: one provider linked to one secret, and a month of usage rollups. */
export async function seedToolCases(admin: ApiClient, t: TestServer): Promise<ToolCaseContext> {
  const projectId = await t.core.projects.defaultProjectId();
  const peek = await peekStore(t);
  await writeDailyRollups(peek, [
    { day: '2026-03-02', projectId, model: 'claude-sonnet-4-5', pipeline: 'deploy', requests: 4, inputTokens: 1000, outputTokens: 400 },
    { day: '2026-03-09', projectId, model: 'claude-haiku-4-5', pipeline: 'nightly', requests: 3, inputTokens: 500, outputTokens: 100 },
  ]);
  await peek.close();
  const secretValue = `sk-mcp-canary-${Math.random().toString(36).slice(2)}`;
  const secret = await admin.post('/secrets', { name: uniqueName('key'), value: secretValue });
  expect(secret.status).toBe(201);
  const provider = await admin.post('/ai-providers', {
    name: uniqueName('seeded'),
    provider: 'openai',
    defaultModel: 'gpt-4o',
    secretId: secret.body.id,
  });
  expect(provider.status).toBe(201);
  return { admin, seed: { providerId: provider.body.id, secretId: secret.body.id, secretValue } };
}

/** Creates an API token holding `permissions` and returns its value and id. */
export async function apiToken(admin: ApiClient, permissions: readonly string[]): Promise<{ value: string; id: string }> {
  const created = await admin.post('/tokens', { name: uniqueName('mcp'), kind: 'api', permissions });
  expect(created.status, created.text).toBe(201);
  return { value: created.body.value, id: created.body.token.id };
}

/**
 * Calls each tool once with its case's arguments, over whichever transport `client` uses, and
 * asserts it succeeded with exactly what REST shows. Returns the results for transport-specific checks.
 */
export async function callEveryToolAgainstRest(
  client: Client,
  tools: readonly { name: string }[],
  ctx: ToolCaseContext,
  tokenValue: string,
): Promise<Array<{ name: string; result: CallToolResult; structured: Record<string, unknown> }>> {
  const results = [];
  for (const tool of tools) {
    const testCase = toolCases[tool.name];
    expect(testCase, `add a case for ${tool.name} to tests/support/mcp-tool-cases.ts`).toBeDefined();
    const args = await testCase!.args(ctx);
    const result = await callTool(client, tool.name, args);
    expect(result.isError, `${tool.name}: ${textOf(result)}`).toBeFalsy();
    const structured = result.structuredContent as Record<string, unknown>;
    expect(structured, tool.name).toEqual(await testCase!.restView(ctx, args, structured, { token: tokenValue }));
    results.push({ name: tool.name, result, structured });
  }
  return results;
}
