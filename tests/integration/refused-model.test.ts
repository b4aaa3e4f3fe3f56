import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../shared/operations';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/**
 * A request refused before its body is read (here: a provider its token may not use) still names
 * the model it asked for in its usage row and the request log: from the path for Gemini and
 * Bedrock, from the JSON body for the rest. Bodies too large, invalid or never sent get their
 * refusal all the same, and a row without a model.
 */
const awsKeys = JSON.stringify({ accessKeyId: 'AKIDCANARY0000000000', secretAccessKey: 'aws-secret-canary-ZZZZZZZZZZZZZZZZZZZZ' });
let h: ProxyHarness;
let cookie: string;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [
      { slug: 'openai', name: 'gpt' },
      { slug: 'anthropic', name: 'claude' },
      { slug: 'google', name: 'gemini' },
      { slug: 'bedrock', name: 'aws', secret: awsKeys, config: { region: 'eu-west-1' } },
    ],
    // Token 0 may only call openai; token 1 only anthropic.
    tokens: [
      { name: 'openai only', allowedProviders: ['openai'] },
      { name: 'anthropic only', allowedProviders: ['anthropic'] },
    ],
  });
  const login = await fetch(h.server.loginUrl, { redirect: 'manual' });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => h.stop());

function refused(token: number, path: string, body: string) {
  return fetch(`${h.endpoint}/ai${path}`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[token]!.value, 'content-type': 'application/json' },
    body,
  });
}

async function logged(requestId: string): Promise<RequestLogEntry> {
  const response = await fetch(`${h.server.apiBaseUrl}/requests?requestId=${requestId}`, { headers: { cookie } });
  const items = ((await response.json()) as { items: RequestLogEntry[] }).items;
  expect(items).toHaveLength(1);
  return items[0]!;
}

async function expectRefusedWithModel(answer: Response, model: string | null): Promise<void> {
  expect(answer.status).toBe(403);
  await answer.text();
  const row = await h.rowOf(answer);
  expect(row).toMatchObject({ status: 403, outcome: 'forbidden', model });
  expect((await logged(answer.headers.get('x-request-id')!)).model).toBe(model);
}

const chat = (model: string) => JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] });

it('keeps the model of a refused OpenAI chat request (from its body)', async () => {
  await expectRefusedWithModel(await refused(1, '/openai/v1/chat/completions', chat('gpt-4.1-mini')), 'gpt-4.1-mini');
});

it('keeps the model of a refused Anthropic messages request (from its body)', async () => {
  const body = JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
  await expectRefusedWithModel(await refused(0, '/anthropic/v1/messages', body), 'claude-haiku-4-5');
});

it('keeps the model of a refused Gemini request (from its path)', async () => {
  const body = JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] });
  await expectRefusedWithModel(await refused(0, '/google/v1beta/models/gemini-2.5-flash:generateContent', body), 'gemini-2.5-flash');
});

it('keeps the model of a refused Bedrock Converse request (from its path)', async () => {
  const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
  const path = `/bedrock/model/${encodeURIComponent('anthropic.claude-3-5-haiku-20241022-v1:0')}/converse`;
  await expectRefusedWithModel(await refused(0, path, body), 'anthropic.claude-3-5-haiku-20241022-v1:0');
});

it('refuses an oversized or invalid body all the same, with a row without a model', async () => {
  const oversized = JSON.stringify({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] });
  await expectRefusedWithModel(await refused(1, '/openai/v1/chat/completions', oversized), null);
  await expectRefusedWithModel(await refused(1, '/openai/v1/chat/completions', '{"model": "gpt-4.1-mini", '), null);
  await expectRefusedWithModel(await refused(1, '/openai/v1/chat/completions', '["gpt-4.1-mini"]'), null);
});

it('answers a client that never sends its declared body at once, and records its row without a model', async () => {
  const url = new URL(`${h.endpoint}/ai/openai/v1/chat/completions`);
  const answer = await new Promise<{ status: number; requestId: string }>((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'x-api-key': h.tokens[1]!.value, 'content-type': 'application/json', 'content-length': '500' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode!, requestId: String(res.headers['x-request-id']) });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
  expect(answer.status).toBe(403);
  expect(await h.rowOf(answer.requestId)).toMatchObject({ status: 403, model: null });
});
