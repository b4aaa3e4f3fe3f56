import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

let h: ProxyHarness;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [
      { slug: 'custom', name: 'metadata', baseUrl: 'http://169.254.169.254/v1' },
      { slug: 'gateway', name: 'mapped', baseUrl: 'http://[::ffff:a9fe:a9fe]/v1' },
      { slug: 'ollama', name: 'local by name', baseUrl: (fake) => fake.replace('127.0.0.1', 'localhost') },
    ],
  });
});
afterAll(() => h.stop());

const call = (slug: string, path = '/v1/chat/completions') =>
  fetch(`${h.endpoint}/ai/${slug}${path}`, { method: 'POST', headers: { 'x-api-key': h.tokens[0]!.value }, body: JSON.stringify({ model: 'm', messages: [] }) });

it('a link-local or metadata baseUrl is refused before connecting, in any spelling', async () => {
  for (const slug of ['custom', 'gateway']) {
    const response = await call(slug);
    expect(response.status, slug).toBe(400);
    expect((await response.json()).error.message).toMatch(/link-local or metadata/);
  }
});

it('loopback upstreams are allowed (local models), also by a name checked after DNS resolution', async () => {
  const response = await call('ollama', '/api/chat');
  expect(response.status).toBe(200);
  expect(h.rows().at(-1)).toMatchObject({ provider: 'ollama', outputTokens: 6 });
});
