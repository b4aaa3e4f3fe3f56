import { request, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

let h: ProxyHarness;

beforeAll(async () => {
  h = await startProxyHarness({ providers: [{ slug: 'openai' }] });
});
afterAll(() => h.stop());

/** A WebSocket handshake as Codex sends it; resolves with the HTTP answer it gets instead of a 101. */
function openWebSocket(path: string, token: string): Promise<{ response: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.server.baseUrl}${path}`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        authorization: `Bearer ${token}`,
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

describe('a WebSocket upgrade (Codex opens one to /v1/responses first)', () => {
  it("is refused with 426 in OpenAI's error shape, without calling the upstream, with one usage row", async () => {
    const received = h.fake.received.length;
    const { response, body } = await openWebSocket('/v3/ai/openai/v1/responses', h.tokens[0]!.value);
    expect(response.statusCode).toBe(426);
    expect(JSON.parse(body)).toMatchObject({
      error: { code: 'upgrade_required', type: 'invalid_request_error', message: expect.stringContaining('over HTTP') },
    });
    expect(h.fake.received.length).toBe(received);
    const requestId = String(response.headers['x-request-id']);
    expect(await h.rowOf(requestId)).toMatchObject({
      provider: 'openai',
      status: 426,
      outcome: 'upgrade_required',
      inputTokens: 0,
      outputTokens: 0,
    });
    expect(h.rows().filter((row) => row.requestId === requestId)).toHaveLength(1);

    // Then Codex posts over HTTP, which works as ever.
    const posted = await fetch(`${h.endpoint}/ai/openai/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.tokens[0]!.value}` },
      body: JSON.stringify({ model: 'gpt-4.1', input: 'hi' }),
    });
    expect(posted.status).toBe(200);
  });

  it('elsewhere is answered 426 and the connection closed', async () => {
    const { response, body } = await openWebSocket('/api/v1/system/status', 'sb_none');
    expect(response.statusCode).toBe(426);
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'upgrade_required' } });
  });
});
