import { afterAll, beforeAll, expect, it } from 'vitest';
import { canaryKey, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/** A key the upstream echoes never reaches the client: not in headers, not in a 200 body. */
let h: ProxyHarness;

beforeAll(async () => {
  h = await startProxyHarness({ providers: [{ slug: 'anthropic' }, { slug: 'openai' }] });
});
afterAll(() => h.stop());

function post(slug: 'anthropic' | 'openai', stream: boolean, knobs: Record<string, string>) {
  const path = slug === 'anthropic' ? '/v1/messages' : '/v1/chat/completions';
  return fetch(`${h.endpoint}/ai/${slug}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json', ...knobs },
    body: JSON.stringify({ model: 'm', max_tokens: 10, stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

const allHeaders = (response: Response) => [...response.headers.entries()].map(([name, value]) => `${name}: ${value}`).join('\n');

it.each([
  ['a 401', { 'x-fake-status': '401' }],
  ['a 200 JSON answer', {}],
])('%s whose headers echo the key has it scrubbed from them', async (_name, knobs) => {
  const response = await post('anthropic', false, { 'x-fake-echo-key': 'header', ...knobs });
  const headers = allHeaders(response);
  await response.text();
  expect(headers).not.toContain(canaryKey('anthropic'));
  expect(response.headers.get('www-authenticate')).toContain('key="[redacted]"');
});

it.each([
  ['passed through byte for byte (Anthropic)', 'anthropic' as const],
  ['rewritten to hide the usage chunk (OpenAI)', 'openai' as const],
])('a 200 stream whose `event: error` echoes the key, split across chunks, has it scrubbed: %s', async (_name, slug) => {
  const before = (await h.rows()).length;
  const response = await post(slug, true, { 'x-fake-echo-key': 'stream', 'x-fake-chunk-delay-ms': '20' });
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toContain('event: error');
  expect(text).toMatch(/retry with key (Bearer )?\[redacted\]/);
  expect(text).not.toContain(canaryKey(slug));
  expect(text).not.toContain(canaryKey(slug).slice(0, 20));
  const rows = await h.waitForRows(before + 1);
  expect(rows.at(-1)).toMatchObject({ status: 200, outputTokens: 6 });
});
