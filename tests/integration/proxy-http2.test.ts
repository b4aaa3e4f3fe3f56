import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

const awsKeys = JSON.stringify({ accessKeyId: 'AKIDCANARY0000000000', secretAccessKey: 'aws-secret-canary-ZZZZZZZZZZZZZZZZZZZZ' });
const modelId = 'anthropic.claude-3-5-haiku-20241022-v1:0';

let h: ProxyHarness;
let session: ClientHttp2Session;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [{ slug: 'anthropic' }, { slug: 'bedrock', secret: awsKeys, config: { region: 'eu-west-1' } }],
  });
  session = connect(h.server.baseUrl);
});
afterAll(async () => {
  session.close();
  await h.stop();
});

const jobToken = () => h.tokens[0]!.value;

interface Answer {
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP/2 request on the shared session. */
function h2Request(headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers);
    let response: IncomingHttpHeaders = {};
    let text = '';
    stream.setEncoding('utf8');
    stream.on('response', (received) => (response = received));
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => resolve({ headers: response, body: text }));
    stream.on('error', reject);
    stream.end(body);
  });
}

const messagesPath = '/v3/ai/anthropic/v1/messages';
const streamedMessage = JSON.stringify({
  model: 'claude-haiku-4-5',
  max_tokens: 64,
  stream: true,
  messages: [{ role: 'user', content: 'hi' }],
});

describe('HTTP/2 cleartext and HTTP/1.1 on the same port', () => {
  it('streams 200 concurrent SSE answers over one HTTP/2 connection, no cross-talk, one row each, while HTTP/1.1 works', async () => {
    const streams = Array.from({ length: 200 }, (_, i) =>
      h2Request(
        {
          ':method': 'POST',
          ':path': messagesPath,
          'content-type': 'application/json',
          'x-api-key': jobToken(),
          'x-fake-marker': `stream${i}`,
          'x-fake-chunks': '5',
        },
        streamedMessage,
      ),
    );
    const http1 = await fetch(`${h.endpoint}/ai/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': jobToken(), 'x-fake-marker': 'plain' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(http1.status).toBe(200);
    expect(await http1.json()).toMatchObject({ content: [{ type: 'text', text: 'plain-0 plain-1 plain-2 ' }] });

    const answers = await Promise.all(streams);
    for (const [i, answer] of answers.entries()) {
      expect(answer.headers[':status']).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/event-stream/);
      for (const hopByHop of ['connection', 'keep-alive', 'transfer-encoding', 'upgrade']) expect(answer.headers[hopByHop]).toBeUndefined();
      const texts = [...answer.body.matchAll(/"text":"([^"]*)"/g)].map((match) => match[1]).join('');
      expect(texts).toBe(`stream${i}-0 stream${i}-1 stream${i}-2 stream${i}-3 stream${i}-4 `);
    }
    const rows = await Promise.all(answers.map((answer) => h.rowOf(String(answer.headers['x-request-id']))));
    expect(new Set(rows.map((row) => row.id)).size).toBe(200);
    for (const row of rows)
      expect(row).toMatchObject({ provider: 'anthropic', streamed: true, status: 200, inputTokens: 11, outputTokens: 10 });
    const ids = new Set(answers.map((answer) => answer.headers['x-request-id']));
    expect((await h.rows()).filter((row) => ids.has(row.requestId))).toHaveLength(200);
  });

  it('the Host guard refuses an unknown :authority on HTTP/2', async () => {
    const refused = await h2Request({ ':method': 'GET', ':path': '/healthz', ':authority': 'evil.example:80' });
    expect(refused.headers[':status']).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'forbidden' } });
    const allowed = await h2Request({ ':method': 'GET', ':path': '/healthz' });
    expect(allowed.headers[':status']).toBe(200);
  });

  it('a refusal before the body arrived (HTTP/1.1 would close the connection) answers on HTTP/2 without connection headers', async () => {
    const stream = session.request({
      ':method': 'POST',
      ':path': messagesPath,
      'content-type': 'application/json',
      'x-api-key': 'sb_not-a-token',
    });
    stream.write('{"model":'); // the body never ends
    const [headers, body] = await new Promise<[IncomingHttpHeaders, string]>((resolve, reject) => {
      let text = '';
      let head: IncomingHttpHeaders = {};
      stream.setEncoding('utf8');
      stream.on('response', (received) => (head = received));
      stream.on('data', (chunk: string) => (text += chunk));
      stream.on('end', () => resolve([head, text]));
      stream.on('error', reject);
    });
    stream.close();
    expect(headers[':status']).toBe(401);
    expect(headers.connection).toBeUndefined();
    expect(JSON.parse(body)).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    // The session lives on for the next request.
    expect((await h2Request({ ':method': 'GET', ':path': '/healthz' })).headers[':status']).toBe(200);
  });
});

describe('an HTTP/2 session with no open stream', () => {
  const idleConnectionMs = 100;
  let quiet: ProxyHarness;
  beforeAll(async () => {
    quiet = await startProxyHarness({ providers: [{ slug: 'anthropic' }], clientTimeouts: { idleConnectionMs } });
  });
  afterAll(() => quiet.stop());

  /** A fresh session, with a promise for the GOAWAY the server sends it (and whether a stream was still open then). */
  function watched() {
    const client = connect(quiet.server.baseUrl);
    let open = 0;
    const goaway = new Promise<{ openStreams: number }>((resolve) => client.once('goaway', () => resolve({ openStreams: open })));
    const send = (headers: Record<string, string>, body?: string) =>
      new Promise<string>((resolve, reject) => {
        open++;
        const stream = client.request(headers);
        let text = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => (text += chunk));
        stream.on('end', () => {
          open--;
          resolve(text);
        });
        stream.on('error', reject);
        stream.end(body);
      });
    return { client, goaway, send };
  }

  it('is sent GOAWAY and closed once idle, as HTTP/1.1 closes an idle keep-alive socket', async () => {
    const { client, goaway, send } = watched();
    await send({ ':method': 'GET', ':path': '/healthz' });
    expect(await goaway).toEqual({ openStreams: 0 });
    await new Promise((resolve) => client.once('close', resolve));
  });

  it('is kept while a stream is open, however quiet, and closed after it', async () => {
    const { client, goaway, send } = watched();
    const text = await send(
      {
        ':method': 'POST',
        ':path': messagesPath,
        'content-type': 'application/json',
        'x-api-key': quiet.tokens[0]!.value,
        'x-fake-chunk-delay-ms': String(idleConnectionMs * 1.5),
      },
      streamedMessage,
    );
    expect(text).toContain('message_stop');
    expect(await goaway).toEqual({ openStreams: 0 });
    client.close();
  });
});

describe('the AWS Bedrock runtime client with its default (HTTP/2) handler', () => {
  it.each(['a bearer job token (AWS_BEARER_TOKEN_BEDROCK)', 'SigV4 credentials whose access key id is the job token'])(
    'Converse, ConverseStream and InvokeModel through the proxy with %s, usage exact',
    async (auth) => {
      const saved = process.env.AWS_BEARER_TOKEN_BEDROCK;
      const sigv4 = auth.startsWith('SigV4');
      if (sigv4) delete process.env.AWS_BEARER_TOKEN_BEDROCK;
      else process.env.AWS_BEARER_TOKEN_BEDROCK = jobToken();
      const client = new BedrockRuntimeClient({
        region: 'eu-west-1',
        endpoint: `${h.endpoint}/ai/bedrock`,
        maxAttempts: 1,
        ...(sigv4 ? { credentials: { accessKeyId: jobToken(), secretAccessKey: 'any' } } : {}),
      });
      try {
        const before = (await h.rows()).length;
        const converse = await client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
        expect(converse.output?.message?.content?.[0]?.text).toBe('ok-0 ok-1 ok-2 ');
        expect(converse.usage).toMatchObject({ inputTokens: 11, outputTokens: 6 });

        const streamed = await client.send(new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
        const deltas: string[] = [];
        for await (const event of streamed.stream!)
          if (event.contentBlockDelta?.delta?.text) deltas.push(event.contentBlockDelta.delta.text);
        expect(deltas.join('')).toBe('ok-0 ok-1 ok-2 ');

        const invoked = await client.send(
          new InvokeModelCommand({
            modelId,
            contentType: 'application/json',
            body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
          }),
        );
        expect(JSON.parse(new TextDecoder().decode(invoked.body))).toMatchObject({ content: [{ text: 'ok-0 ok-1 ok-2 ' }] });

        const rows = (await h.waitForRows(before + 3)).slice(before);
        expect(rows).toHaveLength(3);
        expect(rows[0]).toMatchObject({ provider: 'bedrock', model: modelId, streamed: false, inputTokens: 11, outputTokens: 6 });
        expect(rows[1]).toMatchObject({ provider: 'bedrock', model: modelId, streamed: true, inputTokens: 11, outputTokens: 6 });
        expect(rows[2]).toMatchObject({ provider: 'bedrock', model: modelId, streamed: false, inputTokens: 11, outputTokens: 6 });
        expect(h.fake.received.at(-1)!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDCANARY0000000000\//);
      } finally {
        client.destroy();
        if (saved === undefined) delete process.env.AWS_BEARER_TOKEN_BEDROCK;
        else process.env.AWS_BEARER_TOKEN_BEDROCK = saved;
      }
    },
  );
});
