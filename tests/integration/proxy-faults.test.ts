import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { canaryKey, errorOf, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';
import { startStalledListener } from '../support/stalled-listener';

let h: ProxyHarness;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [{ slug: 'anthropic' }, { slug: 'openai' }, { slug: 'custom', baseUrl: 'http://127.0.0.1:9' }],
    tokens: [{ labels: { pipeline: 'web' } }],
    options: { timeouts: { firstByteMs: 300, idleMs: 300 }, maxBodyBytes: 4096 },
  });
});
afterAll(() => h.stop());

const token = () => h.tokens[0]!.value;
const messages = (stream: boolean) =>
  JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, stream, messages: [{ role: 'user', content: 'hi' }] });

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${h.endpoint}/ai${path}`, {
    method: 'POST',
    headers: { 'x-api-key': token(), 'content-type': 'application/json', ...headers },
    body,
  });
}

describe('upstream faults', () => {
  it('a stalled upstream before headers is a 504 and one upstream_timeout row', async () => {
    const before = (await h.rows()).length;
    const response = await post('/anthropic/v1/messages', messages(false), { 'x-fake-stall': 'headers' });
    expect(response.status).toBe(504);
    expect((await errorOf(response)).code).toBe('upstream_timeout');
    expect(await h.rowOf(response)).toMatchObject({ status: 504, outcome: 'upstream_timeout' });
    expect(await h.rows()).toHaveLength(before + 1);
  });

  it('a stall mid-stream ends the SSE stream with an error event', async () => {
    const before = (await h.rows()).length;
    const response = await post('/anthropic/v1/messages', messages(true), { 'x-fake-stall': 'body' });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('event: message_start');
    expect(text).toMatch(/event: error\ndata: .*timeout_error/);
    expect(await h.rowOf(response)).toMatchObject({ status: 200, outcome: 'upstream_timeout', inputTokens: 11 });
    expect(await h.rows()).toHaveLength(before + 1);
  });

  it('an unreachable upstream is a 502', async () => {
    const response = await post('/custom/v1/chat/completions', JSON.stringify({ model: 'x', messages: [] }));
    expect(response.status).toBe(502);
    expect((await errorOf(response)).code).toBe('upstream_unreachable');
    expect(await h.rowOf(response)).toMatchObject({ status: 502, outcome: 'upstream_unreachable' });
  });

  it('a connect that never completes is a 504 once the connect timeout passes, with one row', async () => {
    const stalled = await startStalledListener();
    const slow = await startProxyHarness({
      providers: [{ slug: 'custom', baseUrl: stalled.url }],
      options: { timeouts: { connectMs: 400, firstByteMs: 10_000, idleMs: 10_000 } },
    });
    try {
      const started = performance.now();
      const response = await fetch(`${slow.endpoint}/ai/custom/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${slow.tokens[0]!.value}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'local-model', messages: [{ role: 'user', content: 'hi' }] }),
      });
      const waited = performance.now() - started;
      expect(response.status).toBe(504);
      expect(await errorOf(response)).toMatchObject({
        code: 'upstream_timeout',
        message: expect.stringMatching(/^Connecting to .* timed out$/),
      });
      expect(waited).toBeGreaterThanOrEqual(350); // it was the connect timeout, not a refusal
      expect(await slow.waitForRows(1)).toMatchObject([{ status: 504, outcome: 'upstream_timeout', provider: 'custom' }]);
    } finally {
      await slow.stop();
      stalled.close();
    }
  });

  it('upstream 4xx/5xx pass through verbatim with their status and Retry-After', async () => {
    const response = await post('/anthropic/v1/messages', messages(false), { 'x-fake-status': '429' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'fake upstream error 429' } });
    expect(await h.rowOf(response)).toMatchObject({ status: 429, outcome: 'upstream_error', inputTokens: 0 });
    const overloaded = await post('/anthropic/v1/messages', messages(true), { 'x-fake-status': '529' });
    expect(overloaded.status).toBe(529);
    expect(h.fake.received.filter((r) => r.headers['x-fake-status'] === '529')).toHaveLength(1);
  });

  it('an upstream 401 emits upstream.authRejected and an echoed key is scrubbed', async () => {
    const seen: unknown[] = [];
    const off = h.core.events.on('upstream.authRejected', (event) => seen.push(event));
    const response = await post('/anthropic/v1/messages', messages(false), { 'x-fake-status': '401', 'x-fake-echo-key': '1' });
    off();
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(text).toContain('invalid x-api-key: [redacted]');
    expect(text).not.toContain(canaryKey('anthropic'));
    expect(seen).toEqual([{ aiProviderId: h.providers[0]!.id, providerName: h.providers[0]!.name, status: 401 }]);
  });
});

describe('client disconnects', () => {
  /** Reads `chunks` body chunks (0 = leave right after the headers, -1 = read to the end) and then leaves. */
  function streamAndLeave(chunks: number, marker: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const body = messages(true);
      const req = request(`${h.endpoint}/ai/anthropic/v1/messages`, {
        method: 'POST',
        headers: {
          'x-api-key': token(),
          'content-type': 'application/json',
          'x-fake-chunks': '10',
          'x-fake-chunk-delay-ms': '15',
          'x-fake-marker': marker,
        },
      });
      req.on('response', (res) => {
        let seen = 0;
        if (chunks === 0) {
          req.destroy();
          return resolve(0);
        }
        res.on('data', () => {
          seen++;
          if (chunks > 0 && seen >= chunks) {
            req.destroy();
            resolve(seen);
          }
        });
        res.on('end', () => resolve(seen));
      });
      req.on('error', (error) => (chunks === -1 ? reject(error) : undefined));
      req.end(body);
    });
  }

  it.each([
    ['before the response', -2],
    ['after 0 chunks', 0],
    ['after 1 chunk', 1],
    ['after many chunks', 5],
    ['after the end', -1],
  ])('leaving %s still records exactly one row with the upstream-reported tokens', async (_name, chunks) => {
    const before = (await h.rows()).length;
    const marker = `leave${chunks}`;
    if (chunks === -2) {
      const req = request(`${h.endpoint}/ai/anthropic/v1/messages`, {
        method: 'POST',
        headers: {
          'x-api-key': token(),
          'content-type': 'application/json',
          'x-fake-chunks': '10',
          'x-fake-chunk-delay-ms': '15',
          'x-fake-marker': marker,
        },
      });
      req.on('error', () => {});
      req.end(messages(true));
      // Leave the moment the upstream has the request: its answer is still on the way.
      await vi.waitFor(() => expect(h.fake.received.some((r) => r.headers['x-fake-marker'] === marker)).toBe(true), { interval: 1 });
      req.destroy();
    } else await streamAndLeave(chunks, marker);
    const rows = await h.waitForRows(before + 1);
    // Once no request is in flight, every row this exchange could write is written: still exactly one.
    await vi.waitFor(() => expect(h.core.proxy.stats().inFlight).toBe(0), { interval: 5 });
    expect(await h.rows()).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      inputTokens: 11,
      outputTokens: 20,
      outcome: chunks === -1 ? 'ok' : 'client_disconnect',
      labels: { pipeline: 'web' },
    });
  });
});

describe('request policy', () => {
  it('refuses a body over the limit with 413 before reading it all, with or without Content-Length', async () => {
    const big = JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'a'.repeat(10_000) }] });
    const received = h.fake.received.length;
    const declared = await post('/anthropic/v1/messages', big);
    expect(declared.status).toBe(413);
    const chunked = await fetch(`${h.endpoint}/ai/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': token() },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(big));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(h.fake.received.length).toBe(received);
    expect(await h.rowOf(declared)).toMatchObject({ status: 413, outcome: 'payload_too_large' });
    expect(await h.rowOf(chunked)).toMatchObject({ status: 413, outcome: 'payload_too_large' });
  });

  it('reads a body that arrives in pieces, with or without Content-Length, whole and in order', async () => {
    const body = Buffer.from(
      JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'pieces ✓ '.repeat(50) }] }),
    );
    for (const declared of [true, false]) {
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(`${h.endpoint}/ai/anthropic/v1/messages`);
        const req = request(
          url,
          { method: 'POST', headers: { 'x-api-key': token(), ...(declared ? { 'content-length': body.length } : {}) } },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.write(body.subarray(0, 37)); // cuts a multi-byte character later on, too
        setTimeout(() => req.write(body.subarray(37, 201)), 20);
        setTimeout(() => req.end(body.subarray(201)), 40);
      });
      expect(status).toBe(200);
      expect(h.fake.received.at(-1)!.body).toBe(body.toString('utf8'));
    }
  });

  it('strips client credentials, cookies and hop-by-hop headers; the client cannot set auth, Content-Type or host', async () => {
    const sent = performance.now();
    const response = await fetch(`${h.endpoint}/ai/openai/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Token ${token()}`,
        'api-key': 'client-attempt',
        'x-goog-api-key': 'client-attempt',
        cookie: 'session=1',
        'content-type': 'text/plain',
        'x-forwarded-host': 'evil.example',
        'x-custom-trace': 'kept',
        'x-switchboard-label-build': '42',
        'x-switchboard-label-pipeline': 'spoofed',
      },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }),
    });
    expect(response.status).toBe(200);
    const got = h.fake.received.at(-1)!.headers;
    expect(got.authorization).toBe(`Bearer ${canaryKey('openai')}`);
    for (const name of ['x-api-key', 'api-key', 'x-goog-api-key', 'cookie', 'x-forwarded-host', 'x-switchboard-label-build'])
      expect(got[name], name).toBeUndefined();
    expect(got['content-type']).toBe('application/json');
    expect(got.host).toBe(new URL(h.fake.url).host);
    expect(got['x-custom-trace']).toBe('kept');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // The proxy's own time is part of what the client waited for the headers.
    const overhead = response.headers.get('x-switchboard-overhead-ms');
    expect(overhead).toMatch(/^\d+\.\d{3}$/);
    expect(Number(overhead)).toBeLessThanOrEqual(performance.now() - sent);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect((await h.rowOf(response)).labels).toEqual({ build: '42', pipeline: 'web' });
  });

  it('rejects encoded path tricks that could leave the upstream base path', async () => {
    for (const path of ['/openai/v1/x%2F..%2F..%2Fadmin', '/openai/v1/%5c..%5cadmin']) {
      const response = await post(path, '{}');
      expect(response.status, path).toBe(400);
    }
  });

  it('answers 401 without a token or with an unknown one, and records nothing', async () => {
    const before = (await h.rows()).length;
    expect((await fetch(`${h.endpoint}/ai/anthropic/v1/messages`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await post('/anthropic/v1/messages', '{}', { 'x-api-key': 'sb_wrong' })).status).toBe(401);
    expect(await h.rows()).toHaveLength(before);
  });

  it('pause answers 503 with a clear message; resume serves again', async () => {
    h.core.proxy.pause();
    const paused = await post('/anthropic/v1/messages', messages(false));
    expect(paused.status).toBe(503);
    expect(await errorOf(paused)).toMatchObject({ code: 'proxy_paused' });
    expect(h.core.proxy.stats().state).toBe('paused');
    h.core.proxy.resume();
    expect((await post('/anthropic/v1/messages', messages(false))).status).toBe(200);
    expect(h.core.proxy.stats()).toMatchObject({ state: 'running', inFlight: 0 });
    expect(h.core.proxy.stats().requestsPerMinute).toBeGreaterThan(0);
  });
});
