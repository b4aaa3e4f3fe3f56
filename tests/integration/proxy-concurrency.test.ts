import { Agent, request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

let h: ProxyHarness;
const client = new Agent({ connections: 256 });

beforeAll(async () => {
  h = await startProxyHarness({ providers: [{ slug: 'anthropic' }, { slug: 'openai' }, { slug: 'ollama' }] });
});
afterAll(async () => {
  await client.close();
  await h.stop();
});

it('200 concurrent streams: one row each, no body crosses clients, totals equal the upstream’s', async () => {
  const count = 200;
  const before = (await h.rows()).length;
  const routes = [
    { path: '/anthropic/v1/messages', body: { model: 'claude-sonnet-4-5', max_tokens: 10, stream: true, messages: [] } },
    { path: '/openai/v1/chat/completions', body: { model: 'gpt-4o-mini', stream: true, messages: [] } },
    { path: '/ollama/api/chat', body: { model: 'llama3.2', messages: [] } },
  ];
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const route = routes[i % routes.length]!;
      const marker = `client${i}x`;
      const response = await request(`${h.endpoint}/ai${route.path}`, {
        method: 'POST',
        dispatcher: client,
        headers: {
          'x-api-key': h.tokens[0]!.value,
          'x-fake-marker': marker,
          'x-fake-chunks': String(5 + (i % 7)),
          'x-fake-input': String(10 + i),
          'x-fake-chunk-delay-ms': '2',
        },
        body: JSON.stringify(route.body),
      });
      const text = await response.body.text();
      return { i, marker, text, status: response.statusCode };
    }),
  );
  for (const { i, marker, text, status } of results) {
    expect(status).toBe(200);
    expect(text).toContain(`${marker}-0`);
    expect(text).toContain(`${marker}-${4 + (i % 7)}`);
    // Another client's marker would be `client<j>x-`; only our own may appear.
    expect(text.match(/client\d+x-/g)!.every((m) => m === `${marker}-`)).toBe(true);
  }
  const rows = (await h.waitForRows(before + count)).slice(before);
  expect(rows).toHaveLength(count);
  expect(new Set(rows.map((row) => row.requestId)).size).toBe(count);
  const sum = (key: 'inputTokens' | 'outputTokens') => rows.reduce((total, row) => total + row[key], 0);
  expect(sum('inputTokens')).toBe(h.fake.totals.inputTokens);
  expect(sum('outputTokens')).toBe(h.fake.totals.outputTokens);
  expect(h.fake.totals.requests).toBe(count);
  expect(h.core.proxy.stats().inFlight).toBe(0);
});
