import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerSlugs } from '../../shared/slugs';
import { canaryKey, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

const awsKeys = JSON.stringify({ accessKeyId: 'AKIDCANARY0000000000', secretAccessKey: 'aws-secret-canary-ZZZZZZZZZZZZZZZZZZZZ' });
let h: ProxyHarness;
/** The x-request-id of the latest call, whose row `lastRow` reads. */
let lastRequestId = '';
/** Every answer the proxy gave in this file: head and body, for the canary check at the end. */
const answers: string[] = [];

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [
      ...providerSlugs.filter((slug) => slug !== 'bedrock' && slug !== 'azure').map((slug) => ({ slug })),
      { slug: 'azure', config: { deployment: 'prod-4o-mini', apiVersion: '2024-10-21' } },
      { slug: 'bedrock', secret: awsKeys, config: { region: 'eu-west-1' } },
    ],
  });
});
afterAll(() => h.stop());

async function call(slug: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.endpoint}/ai/${slug}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${h.tokens[0]!.value}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  lastRequestId = response.headers.get('x-request-id') ?? '';
  answers.push(`${response.status} ${JSON.stringify([...response.headers])}\n${text}`);
  return { response, text };
}

/** The usage row of the latest call (by its request id, so never a row still being written for an earlier one). */
function lastRow() {
  return h.rowOf(lastRequestId);
}
function lastReceived() {
  return h.fake.received.at(-1)!;
}

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

describe('every provider slug, plain and streamed, through real HTTP', () => {
  it('anthropic messages: JSON, with the key in x-api-key and a default anthropic-version', async () => {
    const { response, text } = await call('anthropic', '/v1/messages', {
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(text).content[0].text).toBe('ok-0 ok-1 ok-2 ');
    expect(lastReceived().headers['x-api-key']).toBe(canaryKey('anthropic'));
    expect(lastReceived().headers.authorization).toBeUndefined();
    expect(lastReceived().headers['anthropic-version']).toBe('2023-06-01');
    expect(await lastRow()).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      streamed: false,
      status: 200,
      outcome: 'ok',
      inputTokens: 11,
      outputTokens: 6,
    });
    expect((await lastRow()).costMicroUsd).toBe(11 * 3 + 6 * 15);
  });

  it('anthropic messages streamed: output is the last cumulative message_delta, not the sum', async () => {
    const { text } = await call(
      'anthropic',
      '/v1/messages',
      { model: 'claude-sonnet-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] },
      {
        'x-fake-cache-read': '100',
        'x-fake-cache-write': '50',
        'anthropic-beta': 'prompt-caching-2024-07-31',
        'anthropic-version': '2023-01-01',
      },
    );
    expect(text).toContain('event: message_stop');
    expect(lastReceived().headers['anthropic-beta']).toBe('prompt-caching-2024-07-31');
    expect(lastReceived().headers['anthropic-version']).toBe('2023-01-01');
    expect(await lastRow()).toMatchObject({ streamed: true, inputTokens: 11, outputTokens: 6, cacheReadTokens: 100, cacheWriteTokens: 50 });
    expect((await lastRow()).costMicroUsd).toBe(Math.round(11 * 3 + 6 * 15 + 100 * 0.3 + 50 * 3.75));
  });

  it('anthropic: a lifted system message with null blocks is a 400 naming the field, and nothing reaches the upstream', async () => {
    const sentBefore = h.fake.received.length;
    const cases = [
      {
        body: {
          system: [null],
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'hi' },
          ],
        },
        field: 'system[0]',
      },
      {
        body: {
          messages: [
            { role: 'system', content: [null] },
            { role: 'user', content: 'hi' },
          ],
        },
        field: 'messages[0].content[0]',
      },
      {
        body: {
          system: 7,
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'hi' },
          ],
        },
        field: 'system',
      },
    ];
    for (const { body, field } of cases) {
      const { response, text } = await call('anthropic', '/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 64, ...body });
      expect(response.status).toBe(400);
      const error = JSON.parse(text).error;
      expect(error.code).toBe('bad_request');
      expect(error.message.startsWith(`${field} must be`)).toBe(true);
    }
    expect(h.fake.received.length).toBe(sentBefore);
  });

  it('anthropic count_tokens passes through and meters nothing', async () => {
    const { response, text } = await call('anthropic', '/v1/messages/count_tokens', {
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ input_tokens: 11 });
    expect(await lastRow()).toMatchObject({ endpoint: '/v1/messages/count_tokens', inputTokens: 0, outputTokens: 0, costMicroUsd: 0 });
  });

  it('openai chat streamed: include_usage is added upstream and its chunk hidden from the client', async () => {
    const { text } = await call('openai', '/v1/chat/completions', { ...chat, stream: true });
    expect(JSON.parse(lastReceived().body).stream_options).toEqual({ include_usage: true });
    expect(text).not.toContain('"choices":[]');
    expect(text).toContain('data: [DONE]');
    expect(text).toContain('ok-2');
    expect(await lastRow()).toMatchObject({ provider: 'openai', streamed: true, inputTokens: 11, outputTokens: 6 });
  });

  it('openai chat streamed: a client that asked for usage gets the usage chunk', async () => {
    const { text } = await call(
      'openai',
      '/v1/chat/completions',
      { ...chat, stream: true, stream_options: { include_usage: true } },
      { 'x-fake-cache-read': '20' },
    );
    expect(text).toContain('"choices":[]');
    expect(await lastRow()).toMatchObject({ inputTokens: 11, cacheReadTokens: 20, outputTokens: 6 });
  });

  it('openai chat JSON, responses (plain and streamed) and embeddings', async () => {
    const plain = await call('openai', '/v1/chat/completions', chat);
    expect(JSON.parse(plain.text).choices[0].message.content).toBe('ok-0 ok-1 ok-2 ');
    expect(lastReceived().headers.authorization).toBe(`Bearer ${canaryKey('openai')}`);
    expect(await lastRow()).toMatchObject({ inputTokens: 11, outputTokens: 6, costMicroUsd: Math.round(11 * 0.15 + 6 * 0.6) });

    await call('openai', '/v1/responses', { model: 'gpt-4.1', input: 'hi' });
    expect(await lastRow()).toMatchObject({ endpoint: '/v1/responses', inputTokens: 11, outputTokens: 6 });
    const streamed = await call('openai', '/v1/responses', { model: 'gpt-4.1', input: 'hi', stream: true }, { 'x-fake-cache-read': '5' });
    expect(streamed.text).toContain('response.completed');
    expect(await lastRow()).toMatchObject({ streamed: true, inputTokens: 11, cacheReadTokens: 5, outputTokens: 6 });

    await call('openai', '/v1/embeddings', { model: 'text-embedding-3-small', input: 'hi' });
    expect(await lastRow()).toMatchObject({ endpoint: '/v1/embeddings', inputTokens: 11, outputTokens: 0 });
  });

  it.each(['xai', 'groq', 'gateway', 'custom'])('%s speaks OpenAI chat, plain and streamed, with a bearer key', async (slug) => {
    await call(slug, '/v1/chat/completions', chat);
    expect(lastReceived().headers.authorization).toBe(`Bearer ${canaryKey(slug)}`);
    expect(await lastRow()).toMatchObject({ provider: slug, inputTokens: 11, outputTokens: 6 });
    const { text } = await call(slug, '/v1/chat/completions', { ...chat, stream: true }, { 'x-fake-chunks': '5' });
    expect(text).toContain('ok-4');
    expect(await lastRow()).toMatchObject({ provider: slug, streamed: true, inputTokens: 11, outputTokens: 10 });
  });

  it('google generateContent and streamGenerateContent (SSE and JSON array), key in x-goog-api-key', async () => {
    await call('google', '/v1beta/models/gemini-2.5-flash:generateContent?key=client-should-not-pass', {
      contents: [{ parts: [{ text: 'hi' }] }],
    });
    expect(lastReceived().headers['x-goog-api-key']).toBe(canaryKey('google'));
    expect(lastReceived().path).not.toContain('key=');
    expect(await lastRow()).toMatchObject({ provider: 'google', model: 'gemini-2.5-flash', inputTokens: 11, outputTokens: 6 });

    const sse = await call(
      'google',
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      { contents: [] },
      { 'x-fake-chunks': '4', 'x-fake-cache-read': '3' },
    );
    expect(sse.text).toContain('ok-3');
    expect(await lastRow()).toMatchObject({ streamed: true, inputTokens: 11, cacheReadTokens: 3, outputTokens: 8 });

    const array = await call('google', '/v1beta/models/gemini-2.5-pro:streamGenerateContent', { contents: [] });
    expect(JSON.parse(array.text)).toHaveLength(3);
    expect(await lastRow()).toMatchObject({ streamed: true, model: 'gemini-2.5-pro', inputTokens: 11, outputTokens: 6 });
  });

  it('ollama native /api/chat as NDJSON and JSON, and /v1, with no key', async () => {
    const { response, text } = await call('ollama', '/api/chat', { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    expect(text.trim().split('\n')).toHaveLength(4);
    expect(await lastRow()).toMatchObject({ provider: 'ollama', streamed: true, inputTokens: 11, outputTokens: 6, costMicroUsd: 0 });
    await call('ollama', '/api/chat', { model: 'llama3.2', stream: false, messages: [] });
    expect(await lastRow()).toMatchObject({ streamed: false, inputTokens: 11, outputTokens: 6 });
    await call('ollama', '/v1/chat/completions', { ...chat, model: 'llama3.2', stream: true });
    expect(await lastRow()).toMatchObject({ streamed: true, inputTokens: 11, outputTokens: 6 });
  });

  it('azure maps OpenAI paths to the deployment URL with api-key and api-version', async () => {
    const { text } = await call('azure', '/v1/chat/completions', { messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(text).toContain('ok-2');
    expect(lastReceived().path).toBe('/openai/deployments/prod-4o-mini/chat/completions?api-version=2024-10-21');
    expect(lastReceived().headers['api-key']).toBe(canaryKey('azure'));
    expect(lastReceived().headers.authorization).toBeUndefined();
    expect(await lastRow()).toMatchObject({ provider: 'azure', model: 'gpt-4o-mini-2024-07-18', inputTokens: 11, outputTokens: 6 });
  });

  it('bedrock Converse and ConverseStream, SigV4-signed, usage from the metadata event', async () => {
    await call('bedrock', '/model/anthropic.claude-3-5-haiku-20241022-v1:0/converse', {
      messages: [{ role: 'user', content: [{ text: 'hi' }] }],
    });
    const auth = String(lastReceived().headers.authorization);
    expect(auth).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDCANARY0000000000\/\d{8}\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/,
    );
    expect(await lastRow()).toMatchObject({
      provider: 'bedrock',
      model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      inputTokens: 11,
      outputTokens: 6,
    });
    expect((await lastRow()).costMicroUsd).toBe(Math.round(11 * 0.8 + 6 * 4));

    const { response } = await call(
      'bedrock',
      '/model/anthropic.claude-3-5-haiku-20241022-v1:0/converse-stream',
      { messages: [] },
      { 'x-fake-chunks': '7' },
    );
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(await lastRow()).toMatchObject({ streamed: true, inputTokens: 11, outputTokens: 14 });
  });

  it('GET /v1/models lists models for every slug', async () => {
    const modelIds = async (slug: string) => {
      const { response, text } = await call(slug, slug === 'ollama' ? '/api/tags' : '/v1/models', undefined);
      expect(response.status, slug).toBe(200);
      const list = JSON.parse(text) as { data?: { id: string }[]; models?: { name: string }[] };
      return slug === 'ollama' ? list.models!.map((m) => m.name) : list.data!.map((m) => m.id);
    };
    // The upstream's own list where the runtime endpoint has one; what the provider is configured with where it has none.
    for (const slug of ['openai', 'anthropic', 'google', 'xai', 'groq', 'gateway', 'custom'])
      expect(await modelIds(slug), slug).toEqual(['fake-model-1']);
    expect(await modelIds('ollama')).toEqual(['llama3.2:latest']);
    expect(await modelIds('azure')).toContain('prod-4o-mini');
    expect(await modelIds('bedrock')).toContain('default-model');
  });

  it('canary keys appear in no response, log line or usage row, even when the upstream echoes them', async () => {
    const chatPath: Record<string, string> = {
      anthropic: '/v1/messages',
      google: '/v1beta/models/gemini-2.5-flash:generateContent',
      ollama: '/api/chat',
      bedrock: '/model/anthropic.claude-3-5-haiku-20241022-v1:0/converse',
    };
    for (const slug of providerSlugs) {
      const { response } = await call(slug, chatPath[slug] ?? '/v1/chat/completions', chat, {
        'x-fake-status': '401',
        'x-fake-echo-key': '1',
      });
      expect(response.status, slug).toBe(401);
    }
    expect(answers.length).toBeGreaterThan(40);
    const everything = answers.join('\n') + JSON.stringify(await h.rows()) + h.logLines.join('\n');
    for (const slug of providerSlugs) expect(everything).not.toContain(canaryKey(slug));
    expect(everything).not.toContain('aws-secret-canary');
  });
});
