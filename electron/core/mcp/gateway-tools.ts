import type { McpToolEntry } from './mcp-tools';

/** The gateway tools: every `serve` and desktop app on this store, as its heartbeats report it. */
export const gatewayToolEntries: readonly McpToolEntry[] = [
  {
    name: 'list-gateways',
    operation: 'listGateways',
    description:
      'List the gateways on this store (each CI agent’s serve, each admin’s desktop app): id (gw_…), host, version, store, started, last seen, requests per minute, and whether each is live, silent (no heartbeat past the threshold) or stopped. Usage can be grouped or filtered by these ids (get-usage groupBy=gateway, gatewayId).',
  },
];
