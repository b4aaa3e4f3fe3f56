import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/** Usage the proxy could not read is recorded as unknown (cost null, unpriced), never as zero. */
let h: ProxyHarness;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [{ slug: 'anthropic' }, { slug: 'openai' }],
    tokens: [{}, { name: 'capped', limits: { spendCapUsd: 0.0001 } }],
    options: { timeouts: { idleMs: 300 } },
  });
});
afterAll(() => h.stop());

/** The raw answer, bytes as they came (fetch would decompress them). */
function post(
  slug: 'anthropic' | 'openai',
  stream: boolean,
  knobs: Record<string, string> = {},
  token = 0,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const path = slug === 'anthropic' ? '/v1/messages' : '/v1/chat/completions';
  const model = slug === 'anthropic' ? 'claude-haiku-4-5' : 'gpt-4o-mini';
  return new Promise((resolve, reject) => {
    const req = request(
      `${h.endpoint}/ai/${slug}${path}`,
      { method: 'POST', headers: { 'x-api-key': h.tokens[token]!.value, 'content-type': 'application/json', ...knobs } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ model, max_tokens: 10, stream, messages: [{ role: 'user', content: 'hi' }] }));
  });
}

async function lastRow(before: number) {
  const rows = await h.waitForRows(before + 1);
  return rows.at(-1)!;
}

const unpricedToday = async () =>
  Number((await (await h.peek()).get<{ n: number | string }>('SELECT COALESCE(SUM(unpriced_requests), 0) AS n FROM usage_daily'))!.n);

it('a stream without a usage event (an OpenAI-compatible upstream ignoring include_usage) is recorded as unknown: cost null, unpriced', async () => {
  const before = (await h.rows()).length;
  const unpriced = await unpricedToday();
  const answer = await post('openai', true, { 'x-fake-ignore-include-usage': '1' });
  expect(answer.status).toBe(200);
  expect(await lastRow(before)).toMatchObject({ status: 200, outcome: 'ok', usageUnknown: true, costMicroUsd: null, outputTokens: 0 });
  expect(await unpricedToday()).toBe(unpriced + 1);
});

it('a stream cut before its usage report is recorded as unknown', async () => {
  const before = (await h.rows()).length;
  await post('openai', true, { 'x-fake-stall': 'body' });
  expect(await lastRow(before)).toMatchObject({ outcome: 'upstream_timeout', usageUnknown: true, costMicroUsd: null });
});

it('a body in an encoding the proxy cannot read is passed on and recorded as unknown', async () => {
  const before = (await h.rows()).length;
  const answer = await post('anthropic', false, { 'x-fake-encoding': 'compress' });
  expect(answer.headers['content-encoding']).toBe('compress');
  expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({ type: 'message' });
  expect(await lastRow(before)).toMatchObject({ status: 200, usageUnknown: true, costMicroUsd: null });
});

const decompress: Record<string, (bytes: Buffer) => Buffer> = { gzip: gunzipSync, deflate: inflateSync, br: brotliDecompressSync };

it.each(['gzip', 'deflate', 'br'])(
  'a %s body the upstream compressed anyway reaches the client unchanged and is metered',
  async (encoding) => {
    for (const [slug, stream] of [
      ['anthropic', false],
      ['anthropic', true],
      ['openai', true],
    ] as const) {
      const before = (await h.rows()).length;
      const answer = await post(slug, stream, { 'x-fake-encoding': encoding });
      expect(answer.headers['content-encoding']).toBe(encoding);
      const text = decompress[encoding]!(answer.body).toString('utf8');
      expect(text).toContain(stream ? 'data: ' : '"usage"');
      const row = await lastRow(before);
      expect(row, `${slug} ${stream ? 'stream' : 'JSON'}`).toMatchObject({
        status: 200,
        outcome: 'ok',
        usageUnknown: false,
        inputTokens: 11,
        outputTokens: 6,
      });
      expect(row.costMicroUsd).toBeGreaterThan(0);
    }
  },
);

it('an answer with its usage is not unknown', async () => {
  const before = (await h.rows()).length;
  await post('openai', true);
  expect(await lastRow(before)).toMatchObject({ usageUnknown: false, outputTokens: 6 });
});

it('a JSON answer that stalls after its headers is broken off (not a 504: its status already went) and recorded as upstream_timeout', async () => {
  const before = (await h.rows()).length;
  const answer = await new Promise<{ status: number; broken: boolean }>((resolve) => {
    const req = request(
      `${h.endpoint}/ai/anthropic/v1/messages`,
      { method: 'POST', headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json', 'x-fake-stall': 'body' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, broken: false }));
        res.on('error', () => resolve({ status: res.statusCode!, broken: true }));
      },
    );
    req.on('error', () => undefined);
    req.end(JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));
  });
  expect(answer).toEqual({ status: 200, broken: true });
  expect(await lastRow(before)).toMatchObject({ status: 200, outcome: 'upstream_timeout', usageUnknown: true, costMicroUsd: null });
});

it('a capped token cannot pass its cap on answers whose usage is unknown: each is charged its estimate', async () => {
  // gpt-4o-mini: about 30 input tokens from the body plus the 10 asked for come to roughly 10 micro-dollars a request,
  // so the 100 micro-dollar cap is reached within a dozen requests; counted as free, it never would be.
  const received = h.fake.received.length;
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) statuses.push((await post('openai', true, { 'x-fake-ignore-include-usage': '1' }, 1)).status);
  const admitted = statuses.filter((status) => status === 200).length;
  expect(admitted).toBeGreaterThan(1);
  expect(admitted).toBeLessThan(20);
  expect(statuses.slice(admitted).every((status) => status === 402)).toBe(true);
  expect(h.fake.received.length - received).toBe(admitted);
});
