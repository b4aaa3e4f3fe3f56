import { readFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { canaryKey, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

let h: ProxyHarness;
// Tokens: 0 works, 1 may send one request a minute, 2 is revoked while its socket is open, 3 is revoked from the start,
// 4 has a spend cap.
const token = (i: number) => h.tokens[i]!.value;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [
      { slug: 'openai' },
      { slug: 'custom', baseUrl: (url) => `${url}/v1` },
      { slug: 'ollama', secret: null },
      { slug: 'xai', secret: 'sk-revoked-xai-key-ZZZZZZZZZZZZZZZZZZZZ' },
    ],
    tokens: [
      { name: 'works' },
      { name: 'one a minute', limits: { requestsPerMinute: 1 } },
      { name: 'revoked later' },
      { name: 'revoked' },
      { name: 'capped', limits: { spendCapUsd: 5 } },
      { name: 'waits its turn', limits: { maxConcurrent: 2, queueWaitSeconds: 30 } },
    ],
  });
  await h.core.invoke('revokeToken', { tokenId: h.tokens[3]!.token.id }, adminSessionActor);
});
afterAll(() => h.stop());

const socketUrl = (slug: string, harness = h) => `${harness.endpoint.replace(/^http/, 'ws')}/ai/${slug}/v1/responses`;
const create = (input: string) => JSON.stringify({ type: 'response.create', model: 'gpt-4.1', input });

/** A Codex-style client: a raw WebSocket with the job token as a bearer token; messages kept as they arrive. */
async function connect(slug: string, tokenValue: string, headers: Record<string, string> = {}, harness = h) {
  const ws = new WebSocket(socketUrl(slug, harness), { headers: { authorization: `Bearer ${tokenValue}`, ...headers } });
  const events: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    events.push(JSON.parse(data.toString()) as Record<string, unknown>);
    waiters.splice(0).forEach((wake) => wake());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  /** Resolves once `count` events of `type` have arrived. */
  const until = async (type: string, count = 1) => {
    while (events.filter((event) => event.type === type).length < count) await new Promise<void>((wake) => waiters.push(wake));
    return events.filter((event) => event.type === type);
  };
  return { ws, events, until, closed };
}

/** A WebSocket handshake; resolves with the HTTP answer it gets instead of a 101. */
function refusedHandshake(path: string, headers: Record<string, string>): Promise<{ response: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.server.baseUrl}${path}`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', () => reject(new Error('the server switched protocols')));
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ response, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const rowsOfToken = async (i: number) => (await h.rows()).filter((row) => row.tokenId === h.tokens[i]!.token.id);

async function rowsUntil(i: number, count: number) {
  await h.waitForRows(0);
  for (let tries = 0; tries < 400 && (await rowsOfToken(i)).length < count; tries++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return await rowsOfToken(i);
}

describe("the Responses API's WebSocket mode, proxied with metering", () => {
  it("the OpenAI SDK's ResponsesWS: two responses on one socket, one row each with the exact usage, the key injected upstream", async () => {
    const client = new OpenAI({ baseURL: `${h.endpoint}/ai/openai/v1`, apiKey: token(0), maxRetries: 0 });
    const socket = new ResponsesWS(client);
    const completed: OpenAI.Responses.ResponseCompletedEvent[] = [];
    const texts: string[] = [];
    socket.on('response.output_text.delta', (event) => texts.push(event.delta));
    const twoDone = new Promise<void>((resolve, reject) => {
      socket.on('response.completed', (event) => {
        completed.push(event);
        if (completed.length === 2) resolve();
      });
      socket.on('error', reject);
    });
    const before = (await rowsOfToken(0)).length;
    socket.send({ type: 'response.create', model: 'gpt-4.1', input: 'hi' });
    socket.send({ type: 'response.create', model: 'gpt-4.1-mini', input: 'again' });
    await twoDone;
    socket.close();

    expect(texts.join('')).toBe('ok-0 ok-1 ok-2 ok-0 ok-1 ok-2 ');
    expect(completed[0]!.response.usage).toMatchObject({ input_tokens: 11, output_tokens: 6 });
    const rows = (await rowsUntil(0, before + 2)).slice(before);
    expect(rows).toHaveLength(2);
    // One row per response; a batch lands in request-id order on a team database, not arrival order.
    expect(rows.map((row) => row.model).sort()).toEqual(['gpt-4.1', 'gpt-4.1-mini']);
    for (const row of rows)
      expect(row).toMatchObject({
        provider: 'openai',
        endpoint: '/v1/responses',
        streamed: true,
        status: 200,
        outcome: 'ok',
        inputTokens: 11,
        outputTokens: 6,
        usageUnknown: false,
      });
    expect(new Set(rows.map((row) => row.requestId)).size).toBe(2);
    const handshake = h.fake.received.findLast((received) => received.method === 'GET' && received.path === '/v1/responses')!;
    expect(handshake.headers.authorization).toBe(`Bearer ${canaryKey('openai')}`);
    expect(JSON.stringify(handshake.headers)).not.toContain(token(0));
  });

  it('a limit reached between responses: an error event in OpenAI shape, nothing sent upstream, a row for the refusal', async () => {
    const { ws, until } = await connect('openai', token(1));
    const createsBefore = h.fake.sockets.creates;
    ws.send(create('first'));
    await until('response.completed');
    ws.send(create('second'));
    const [refusal] = await until('error');
    expect(refusal).toMatchObject({
      status: 429,
      error: { type: 'rate_limit_error', code: 'rate_limited', details: { limit: 'requestsPerMinute' } },
    });
    expect(h.fake.sockets.creates).toBe(createsBefore + 1);
    const rows = await rowsUntil(1, 2);
    expect(rows.map((row) => [row.status, row.outcome])).toEqual([
      [200, 'ok'],
      [429, 'rate_limited'],
    ]);
    ws.close();
  });

  it('a token revoked while its socket is open is refused at its next response', async () => {
    const { ws, until } = await connect('openai', token(2));
    ws.send(create('first'));
    await until('response.completed');
    await h.core.invoke('revokeToken', { tokenId: h.tokens[2]!.token.id }, adminSessionActor);
    ws.send(create('second'));
    const [refusal] = await until('error');
    expect(refusal).toMatchObject({ status: 401, error: { code: 'unauthorized', message: 'This token was revoked' } });
    ws.close();
  });

  it('a client that leaves mid-response: the upstream finishes it, the row has its exact usage, then the upstream socket closes', async () => {
    const { ws, until } = await connect('openai', token(0), { 'x-fake-chunks': '30', 'x-fake-chunk-delay-ms': '5' });
    const before = (await rowsOfToken(0)).length;
    ws.send(create('long'));
    await until('response.output_text.delta');
    ws.terminate();
    const [row] = (await rowsUntil(0, before + 1)).slice(before);
    expect(row).toMatchObject({ outcome: 'client_disconnect', inputTokens: 11, outputTokens: 60, usageUnknown: false });
    for (let tries = 0; tries < 400 && h.fake.sockets.open > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(h.fake.sockets.open).toBe(0);
  });

  it('an upstream that closes mid-response: the client socket closes (1011), the row keeps its usage unknown, never zero', async () => {
    const { ws, until, closed } = await connect('openai', token(0), { 'x-fake-ws-close-after': '2' });
    const before = (await rowsOfToken(0)).length;
    ws.send(create('cut'));
    await until('response.output_text.delta');
    expect((await closed).code).toBe(1011);
    const [row] = (await rowsUntil(0, before + 1)).slice(before);
    expect(row).toMatchObject({ status: 502, outcome: 'upstream_error', usageUnknown: true, costMicroUsd: null });
  });

  it('the provider key an upstream echoes in an event is scrubbed before the client sees it', async () => {
    const { ws, until, events } = await connect('openai', token(0), { 'x-fake-echo-key': 'stream' });
    ws.send(create('echo'));
    await until('response.completed');
    expect(JSON.stringify(events)).not.toContain(canaryKey('openai'));
    expect(JSON.stringify(events[0])).toContain('[redacted]');
    ws.close();
  });

  it('an upstream that refuses the handshake: its status and body reach the client over HTTP, key scrubbed, one row', async () => {
    const rejected: unknown[] = [];
    const off = h.core.events.on('upstream.authRejected', (event) => rejected.push(event));
    const { response, body } = await refusedHandshake('/v3/ai/xai/v1/responses', { authorization: `Bearer ${token(0)}` });
    off();
    expect(rejected).toMatchObject([{ providerName: 'xai test', status: 401 }]);
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'invalid_api_key' } });
    expect(await h.rowOf(String(response.headers['x-request-id']))).toMatchObject({
      provider: 'xai',
      status: 401,
      outcome: 'upstream_error',
    });
  });
});

describe('shutdown with sockets open', () => {
  it('closes an idle socket at once (1001) and a busy one after its running response, whose row is written', async () => {
    const g = await startProxyHarness({ providers: [{ slug: 'openai' }] });
    try {
      const jobToken = g.tokens[0]!.value;
      const idle = await connect('openai', jobToken, {}, g);
      const busy = await connect('openai', jobToken, { 'x-fake-chunks': '10', 'x-fake-chunk-delay-ms': '20' }, g);
      busy.ws.send(create('long'));
      await busy.until('response.output_text.delta');
      const closing = g.server.close(10_000);
      expect((await idle.closed).code).toBe(1001);
      expect((await busy.closed).code).toBe(1001);
      expect(busy.events.at(-1)).toMatchObject({ type: 'response.completed' });
      await closing;
      expect(await g.rows()).toMatchObject([{ outcome: 'ok', inputTokens: 11, outputTokens: 20 }]);
    } finally {
      await g.stop();
    }
  });
});

describe("Codex with the README's config.toml", () => {
  /** The `[model_providers.switchboard]` block the README publishes, pointed at this test's server. */
  function publishedConfig(): { baseUrl: string; envKey: string; wireApi: string } {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const toml = /```toml\n([\s\S]*?)```/.exec(readme)![1]!;
    const value = (key: string) => new RegExp(`^${key} = "([^"]+)"`, 'm').exec(toml)![1]!;
    return {
      baseUrl: value('base_url').replace('http://127.0.0.1:8787/v3', h.endpoint),
      envKey: value('env_key'),
      wireApi: value('wire_api'),
    };
  }

  it('opens its WebSocket to base_url + /responses with the env_key token, then posts a streamed response over HTTP; usage exact', async () => {
    const { baseUrl, envKey, wireApi } = publishedConfig();
    expect(wireApi).toBe('responses');
    const env = { [envKey]: token(0) };
    const before = (await rowsOfToken(0)).length;

    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/responses`, { headers: { authorization: `Bearer ${env[envKey]}` } });
    const completed = new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.on('message', (data) => {
        const event = JSON.parse(data.toString()) as Record<string, unknown>;
        if (event.type === 'response.completed') resolve(event);
      });
      ws.once('error', reject);
    });
    const switched = new Promise<IncomingMessage>((resolve) => ws.once('upgrade', resolve));
    ws.once('open', () => ws.send(create('over the socket')));
    expect((await switched).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await completed).toMatchObject({ response: { usage: { input_tokens: 11, output_tokens: 6 } } });
    ws.close();

    const posted = await fetch(`${baseUrl}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${env[envKey]}` },
      body: JSON.stringify({ model: 'gpt-4.1', input: 'over HTTP', stream: true }),
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('response.completed');
    const rows = (await rowsUntil(0, before + 2)).slice(before);
    expect(rows.map((row) => [row.endpoint, row.streamed, row.inputTokens, row.outputTokens])).toEqual([
      ['/v1/responses', true, 11, 6],
      ['/v1/responses', true, 11, 6],
    ]);
  });
});

describe('a WebSocket upgrade Switchboard does not proxy is refused at once', () => {
  it.each(['custom', 'ollama'])(
    "%s: 426 in OpenAI's error shape, no upstream call, one usage row; the client then posts over HTTP",
    async (slug) => {
      const received = h.fake.received.length;
      const { response, body } = await refusedHandshake(`/v3/ai/${slug}/v1/responses`, { authorization: `Bearer ${token(0)}` });
      expect(response.statusCode).toBe(426);
      // Each in its provider's error shape: OpenAI's for a custom OpenAI-compatible endpoint, Ollama's `{error}`.
      const refusal = expect.stringContaining('over HTTP');
      expect(JSON.parse(body)).toMatchObject(
        slug === 'ollama' ? { error: refusal } : { error: { code: 'upgrade_required', type: 'invalid_request_error', message: refusal } },
      );
      expect(h.fake.received.length).toBe(received);
      const requestId = String(response.headers['x-request-id']);
      expect(await h.rowOf(requestId)).toMatchObject({
        provider: slug,
        status: 426,
        outcome: 'upgrade_required',
        inputTokens: 0,
        outputTokens: 0,
      });
      expect((await h.rows()).filter((row) => row.requestId === requestId)).toHaveLength(1);

      const posted = await fetch(`${h.endpoint}/ai/${slug}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token(0)}` },
        body: JSON.stringify({ model: 'gpt-4.1', input: 'hi' }),
      });
      expect(posted.status).toBe(200);
    },
  );

  it('a token under a spend cap is sent to HTTP (426), where each request is reserved against the cap', async () => {
    const received = h.fake.received.length;
    const { response, body } = await refusedHandshake('/v3/ai/openai/v1/responses', { authorization: `Bearer ${token(4)}` });
    expect(response.statusCode).toBe(426);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'upgrade_required' } });
    expect(h.fake.received.length).toBe(received);
    const posted = await fetch(`${h.endpoint}/ai/openai/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(4)}` },
      body: JSON.stringify({ model: 'gpt-4.1', input: 'hi' }),
    });
    expect(posted.status).toBe(200);
  });

  it('a token with a concurrency limit is sent to HTTP (426), where each request waits for its slot', async () => {
    const received = h.fake.received.length;
    const { response, body } = await refusedHandshake('/v3/ai/openai/v1/responses', { authorization: `Bearer ${token(5)}` });
    expect(response.statusCode).toBe(426);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'upgrade_required' } });
    expect(h.fake.received.length).toBe(received);
  });

  it('a revoked token is refused before upgrading, in OpenAI shape, without calling the upstream', async () => {
    const received = h.fake.received.length;
    const { response, body } = await refusedHandshake('/v3/ai/openai/v1/responses', { authorization: `Bearer ${token(3)}` });
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'unauthorized', message: 'This token was revoked' } });
    expect(h.fake.received.length).toBe(received);
  });

  it('the Host and Origin guard applies to upgrades: a foreign Origin or Host gets 403 and no upstream socket', async () => {
    const opened = h.fake.sockets.opened;
    const foreignOrigin = await refusedHandshake('/v3/ai/openai/v1/responses', {
      authorization: `Bearer ${token(0)}`,
      origin: 'https://evil.example',
    });
    expect(foreignOrigin.response.statusCode).toBe(403);
    const foreignHost = await refusedHandshake('/v3/ai/openai/v1/responses', { authorization: `Bearer ${token(0)}`, host: 'evil.example' });
    expect(foreignHost.response.statusCode).toBe(403);
    expect(h.fake.sockets.opened).toBe(opened);
  });

  it('elsewhere (not the agent endpoint) is answered 426 and the connection closed', async () => {
    const { response, body } = await refusedHandshake('/api/v1/system/status', { authorization: 'Bearer sb_none' });
    expect(response.statusCode).toBe(426);
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'upgrade_required' } });
  });
});
