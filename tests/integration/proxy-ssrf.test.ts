import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { errorOf, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

let h: ProxyHarness;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [
      { slug: 'custom', name: 'old row' },
      { slug: 'gateway', name: 'old mapped row' },
      { slug: 'ollama', name: 'local by name', baseUrl: (fake) => fake.replace('127.0.0.1', 'localhost') },
    ],
  });
});
afterAll(() => h.stop());

const call = (slug: string, path = '/v1/chat/completions') =>
  fetch(`${h.endpoint}/ai/${slug}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[0]!.value },
    body: JSON.stringify({ model: 'm', messages: [] }),
  });

it.each([
  'http://169.254.169.254/v1',
  'http://2852039166/',
  'http://[::ffff:169.254.169.254]/',
  'http://[fd00:ec2::254]/',
  'http://0xa9fea9fe/',
])('saving a provider whose baseUrl is link-local or metadata (%s) is refused, on create and update', async (baseUrl) => {
  const create = h.core.invoke('createAiProvider', { name: 'meta', provider: 'custom', defaultModel: 'm', baseUrl }, adminSessionActor);
  await expect(create).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: 'baseUrl' }] });
  const update = h.core.invoke('updateAiProvider', { aiProviderId: h.providers[0]!.id, baseUrl }, adminSessionActor);
  await expect(update).rejects.toMatchObject({ code: 'validation_failed' });
});

it('a stored row with such a baseUrl (written before the rule) is refused again at connect time', async () => {
  const peek = await h.peek();
  await peek.write('UPDATE ai_providers SET base_url = ? WHERE id = ?', 'http://169.254.169.254/v1', h.providers[0]!.id);
  await peek.write('UPDATE ai_providers SET base_url = ? WHERE id = ?', 'http://[::ffff:a9fe:a9fe]/v1', h.providers[1]!.id);
  for (const slug of ['custom', 'gateway']) {
    const response = await call(slug);
    expect(response.status, slug).toBe(400);
    expect((await errorOf(response)).message).toMatch(/link-local or metadata/);
  }
  expect(h.fake.received).toHaveLength(0);
});

it('loopback upstreams are allowed (local models), also by a name checked after DNS resolution', async () => {
  const response = await call('ollama', '/api/chat');
  expect(response.status).toBe(200);
  expect(await h.rowOf(response)).toMatchObject({ provider: 'ollama', outputTokens: 6 });
});
