import { z } from 'zod';
import { operations, type OperationName, type OperationSpec } from '../../../shared/operations';
import { gatewayToolEntries } from './gateway-tools';
import { routeToolEntries } from './route-tools';

/** One MCP tool: a fixed public name over one operation of the contract. */
export interface McpToolEntry {
  /** The tool name clients see, e.g. `list-ai-providers`. Fixed: agents and docs depend on it. */
  name: string;
  /** The operation it calls through `services.invoke`: a name of the contract, so a typo does not compile. */
  operation: OperationName;
  description: string;
}

/**
 * Every MCP tool Switchboard offers, as data. Permissions, input and output schemas all come from
 * the operation, so a tool can never be looser than the REST endpoint of the same operation.
 */
export const mcpToolTable: readonly McpToolEntry[] = [
  {
    name: 'list-ai-providers',
    operation: 'listAiProviders',
    description:
      'List the AI providers registered in Switchboard (name, provider slug, default model, base URL, linked secret id). Filter by projectId or provider slug; page with limit and cursor.',
  },
  {
    name: 'get-ai-provider',
    operation: 'getAiProvider',
    description: 'Get one AI provider by its id (aip_…).',
  },
  {
    name: 'create-ai-provider',
    operation: 'createAiProvider',
    description:
      'Register an AI provider: a name, a provider slug (openai, anthropic, google, …), a default model, and optionally a base URL, provider config and the id of a secret that holds its key. Secret values cannot be set here.',
  },
  {
    name: 'update-ai-provider',
    operation: 'updateAiProvider',
    description: 'Change an AI provider by id. Absent fields stay unchanged; null clears a nullable field (baseUrl, config, secretId).',
  },
  {
    name: 'delete-ai-provider',
    operation: 'deleteAiProvider',
    description: 'Delete an AI provider by id. Pipelines using it stop working.',
  },
  {
    name: 'test-ai-provider',
    operation: 'testAiProvider',
    description:
      'Run a minimal live check of an AI provider through the proxy path: reachable, authenticated, default model known, latency.',
  },
  {
    name: 'list-secrets',
    operation: 'listSecrets',
    description: 'List secret metadata (name, fingerprint, backend, linked providers). Secret values are never returned.',
  },
  {
    name: 'get-usage-summary',
    operation: 'getUsageSummary',
    description:
      'Usage totals (requests, errors, tokens, cost in micro-dollars) for a range of UTC days (from/to, default the last 30), with groups largest first: by model (default) or by pipeline, provider, token, project, authMethod or gateway. Filter by provider, tokenId or gatewayId (gw_…, see list-gateways).',
  },
  {
    name: 'list-budgets',
    operation: 'listBudgets',
    description:
      'List budgets (spend caps on a token, project or AI provider for a lifetime, day, week or month) with spent and reserved micro-dollars in the current period. Filter by projectId.',
  },
  {
    name: 'get-budget',
    operation: 'getBudget',
    description: 'Get one budget by its id (bud_…) with its current period, spent and reserved micro-dollars.',
  },
  {
    name: 'create-budget',
    operation: 'createBudget',
    description:
      'Cap spend: a name, a scope (token, project or aiProvider) and the id it caps, a period (lifetime, daily, weekly, monthly), a cap in US dollars, optionally an IANA time zone (default UTC) and whether models without a price may pass uncounted (default no).',
  },
  {
    name: 'list-requests',
    operation: 'listRequests',
    description:
      'List proxied requests, newest first (default: the last 24 hours): status, outcome or error code and the error message the client got, token and labels, provider and model, tokens, cost in micro-dollars, latency, time to first byte, attempts. Filter by since/until, status class (2xx…5xx, error), errorCode, tokenId, pipeline, provider, model, gatewayId, or find one by the requestId from its x-request-id header. Never returns bodies or keys.',
  },
  {
    name: 'list-audit-events',
    operation: 'listAuditEvents',
    description:
      'List audit events, newest first: who (token id or desktop/admin/cli) did what to which record. Filter by actor, action, target or time.',
  },
  ...routeToolEntries,
  ...gatewayToolEntries,
];

/** A tool whose operation is live, with everything derived from the contract. */
export interface McpTool {
  name: string;
  operation: OperationName;
  spec: OperationSpec;
  description: string;
  /** JSON Schemas (draft 7, what MCP clients validate with) of the operation's input and output. */
  inputSchema: { type: 'object'; [key: string]: unknown };
  outputSchema: { type: 'object'; [key: string]: unknown };
  annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
}

/** The tools of the table, in its order, with their schemas derived from the contract. Computed once per server process. */
export function liveMcpTools(table: readonly McpToolEntry[] = mcpToolTable): McpTool[] {
  return table.map((entry) => {
    const spec = operations[entry.operation] as OperationSpec;
    const method = spec.http.method;
    return {
      name: entry.name,
      operation: entry.operation,
      spec,
      description: `${entry.description} Requires the permission ${spec.permission}.`,
      inputSchema: objectJsonSchema(spec.input, 'input', entry.name),
      outputSchema: objectJsonSchema(spec.output, 'output', entry.name),
      annotations: {
        title: titleOf(entry.name),
        readOnlyHint: method === 'GET',
        destructiveHint: method === 'DELETE',
        idempotentHint: method !== 'POST',
        // Only the live provider check reaches beyond this machine.
        openWorldHint: entry.name === 'test-ai-provider',
      },
    };
  });
}

function objectJsonSchema(schema: z.ZodType, io: 'input' | 'output', tool: string): McpTool['inputSchema'] {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' }) as Record<string, unknown>;
  if (json.type !== 'object') throw new Error(`MCP tool ${tool}: the operation's ${io} must be an object schema`);
  return json as McpTool['inputSchema'];
}

function titleOf(name: string): string {
  const words = name.split('-').map((word) => (word === 'ai' ? 'AI' : word));
  return words.map((word, index) => (index === 0 ? word[0]!.toUpperCase() + word.slice(1) : word)).join(' ');
}
