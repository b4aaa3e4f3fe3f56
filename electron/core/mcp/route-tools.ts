import type { McpToolEntry } from './mcp-tools';

/** The route tools: named virtual providers with fallback targets, retries and circuit breakers. */
export const routeToolEntries: readonly McpToolEntry[] = [
  {
    name: 'list-routes',
    operation: 'listRoutes',
    description: 'List routes: named virtual providers (/v3/ai/<name>/…) with their targets, retry and circuit-breaker policies.',
  },
  { name: 'get-route', operation: 'getRoute', description: 'Get one route by its id (rte_…).' },
  {
    name: 'create-route',
    operation: 'createRoute',
    description:
      'Create a route: a name, a wire family (anthropic, openai, gemini, bedrock), a strategy (fallback or weighted) and targets (AI provider ids of that family, with optional model override and weight). Defaults: one retry, breaker opens after 5 failures in 60 s.',
  },
  {
    name: 'update-route',
    operation: 'updateRoute',
    description: 'Change a route by id. Absent fields stay unchanged; targets and policies are replaced whole.',
  },
  { name: 'delete-route', operation: 'deleteRoute', description: 'Delete a route by id. Pipelines calling it stop working.' },
];
