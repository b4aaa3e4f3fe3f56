/**
 * What MCP costs over REST for the same operation: a `tools/call` on a stateless Streamable HTTP
 * request (server and transport built per request) against the equivalent REST GET, both over
 * real loopback HTTP. Run on demand: `node --import tsx tests/bench/mcp-http.ts`.
 */
import { permissions } from '../../shared/permissions';
import { apiClient } from '../support/api-client';
import { connectHttp } from '../support/mcp-clients';
import { startTestServer } from '../support/test-server';

async function measure(name: string, iterations: number, work: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(100, iterations); i++) await work(); // warm up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await work();
  const ns = Number(process.hrtime.bigint() - started);
  console.log(
    `${name.padEnd(46)} ${(ns / iterations / 1e6).toFixed(3).padStart(8)} ms/op  ${Math.round(iterations / (ns / 1e9))
      .toLocaleString('en')
      .padStart(8)} ops/s`,
  );
}

const t = await startTestServer();
try {
  const admin = apiClient(t.server, { cookie: await t.login() });
  for (let i = 0; i < 20; i++) await admin.post('/ai-providers', { name: `bench ${i}`, provider: 'openai', defaultModel: 'gpt-4o' });
  const token = (await admin.post('/tokens', { name: 'bench', kind: 'api', permissions })).body.value as string;
  const client = await connectHttp(t.server, token);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const call = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list-ai-providers', arguments: {} } });

  await measure('REST GET /ai-providers (20 providers)', 2000, () => admin.get('/ai-providers', { token }));
  await measure('MCP tools/call list-ai-providers, raw POST', 2000, async () =>
    (await fetch(`${t.server.baseUrl}/mcp`, { method: 'POST', headers, body: call })).text(),
  );
  await measure('MCP tools/call list-ai-providers, SDK Client', 2000, () => client.callTool({ name: 'list-ai-providers', arguments: {} }));
  const list = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
  await measure('MCP tools/list, raw POST', 2000, async () =>
    (await fetch(`${t.server.baseUrl}/mcp`, { method: 'POST', headers, body: list })).text(),
  );
  // The SDK client compiles a validator for every tool's output schema on each listing.
  await measure('MCP tools/list, SDK Client', 200, () => client.listTools());
  await client.close();
} finally {
  await t.stop();
}
