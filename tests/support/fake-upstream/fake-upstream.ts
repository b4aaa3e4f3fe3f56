import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import {
  anthropicMessage,
  bedrockConverse,
  bedrockInvoke,
  gemini,
  ollamaChat,
  openAiChat,
  openAiEmbeddings,
  openAiResponses,
  type Answer,
} from './formats';
import { FaultScript, playFault } from './faults';
import { Holds } from './holds';
import { readKnobs, type Knobs } from './knobs';
import { serveResponsesSocket, type SocketCounts } from './responses-socket';

/** What the fake upstream received: for header-policy and body-rewrite assertions. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeUpstream {
  url: string;
  received: ReceivedRequest[];
  /** Usage the fake reported, summed over every answer it completed. */
  totals: { inputTokens: number; outputTokens: number; cacheReadTokens: number; requests: number };
  /** Answers currently being streamed. */
  open(): number;
  /** The Responses API's WebSocket mode: handshakes (also listed in `received`, as GETs) and messages. */
  sockets: SocketCounts;
  /** Scripted faults and hit counts per target (`<fake url>/t/<name>` as a provider's baseUrl) and per key. */
  faults: FaultScript;
  /** Answers held until released (`x-fake-hold: 1`), and the most held at once. */
  holds: Holds;
  close(): Promise<void>;
}

/**
 * A local stand-in for every provider's API: Anthropic Messages, OpenAI Chat Completions /
 * Responses / Embeddings (also as xAI, Groq, Azure, Ollama /v1, gateways), Gemini, Ollama's native
 * API and Bedrock Converse, JSON and streamed, in their real wire formats. Paths under
 * `/ai/<slug>/` answer as a hosted endpoint would.
 */
export async function startFakeUpstream(options: { keepRecords?: boolean } = {}): Promise<FakeUpstream> {
  const received: ReceivedRequest[] = [];
  const totals = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, requests: 0 };
  let streaming = 0;
  const faults = new FaultScript();
  const holds = new Holds();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (options.keepRecords !== false) received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      // Like a real provider, the fake answers input it cannot make sense of with a 400, never a crash.
      respond(req, res, body).catch((error: unknown) => {
        if (res.headersSent) res.destroy();
        else
          json(res, 400, {
            error: { type: 'invalid_request_error', message: `fake upstream cannot read this request: ${(error as Error).message}` },
          });
      });
    });
  });

  const sockets = serveResponsesSocket(server, (req) => {
    if (options.keepRecords !== false) received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: '' });
  });

  async function respond(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const knobs = readKnobs(req.headers);
    const url = new URL(req.url ?? '/', 'http://fake');
    const credential = String(
      req.headers['x-api-key'] ?? req.headers.authorization ?? req.headers['x-goog-api-key'] ?? req.headers['api-key'] ?? '',
    );
    const scripted = faults.take(url.pathname, credential);
    if (scripted.fault) return playFault(res, scripted.fault);
    const path = scripted.path.replace(/^(\/v3)?\/ai\/[a-z]+/, '');
    if (knobs.stall === 'headers') return; // never answers
    if (knobs.echoKeyIn === 'header') res.setHeader('www-authenticate', `Bearer realm="fake", error="invalid_token", key="${credential}"`);
    if (credential.includes('revoked'))
      return json(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    if (knobs.status) return sendError(res, knobs, req.headers);
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = text ? JSON.parse(text) : {};
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return json(res, 400, { error: { type: 'invalid_request_error', message: 'body is not a JSON object' } });
    }
    const answer = route(req.method ?? 'GET', path, url, body, knobs);
    if (!answer) return json(res, 404, { error: { type: 'not_found_error', message: `fake upstream has no ${req.method} ${path}` } });
    if (answer.json !== undefined) {
      if (knobs.hold) await holds.hold();
      count(knobs, answer);
      if (knobs.encoding) return encoded(res, JSON.stringify(answer.json), answer.contentType, knobs.encoding);
      if (knobs.stall === 'body') return stallHalfWay(res, JSON.stringify(answer.json), answer.contentType);
      return json(res, 200, answer.json, answer.contentType, answer.headers);
    }
    if (knobs.encoding) {
      count(knobs, answer);
      return encoded(res, Buffer.concat((answer.frames ?? []).map((frame) => Buffer.from(frame))), answer.contentType, knobs.encoding);
    }
    streaming++;
    res.writeHead(200, { 'content-type': answer.contentType, 'cache-control': 'no-cache' });
    let closed = false;
    res.once('close', () => (closed = true));
    const frames = knobs.echoKeyIn === 'stream' ? withEchoedKey(answer.frames ?? [], credential) : (answer.frames ?? []);
    for (let i = 0; i < frames.length && !closed; i++) {
      if (knobs.stall === 'body' && i === knobs.stallAt) {
        streaming--;
        return; // stops sending mid-stream, connection left open
      }
      if (!res.write(frames[i])) await new Promise((resolve) => res.once('drain', resolve));
      // A held stream has begun (its head and first frame are out) and goes on when released.
      if (knobs.hold && i === 0) await holds.hold();
      if (knobs.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, knobs.chunkDelayMs));
    }
    streaming--;
    if (!closed) count(knobs, answer);
    res.end();
  }

  function count(knobs: Knobs, answer: Answer): void {
    if (answer.unmetered) return;
    totals.requests++;
    totals.inputTokens += knobs.inputTokens;
    totals.outputTokens += answer.json && isEmbedding(answer.json) ? 0 : knobs.outputTokens;
    totals.cacheReadTokens += knobs.cacheReadTokens;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    totals,
    open: () => streaming,
    sockets,
    faults,
    holds,
    close: () =>
      new Promise((resolve) => {
        sockets.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function route(method: string, path: string, url: URL, body: Record<string, unknown>, knobs: Knobs): Answer | null {
  const model = typeof body.model === 'string' ? body.model : 'unknown-model';
  const stream = body.stream === true;
  if (method === 'GET' && /\/models$/.test(path))
    return { contentType: 'application/json', json: { object: 'list', data: [{ id: 'fake-model-1', object: 'model' }] } };
  if (method === 'GET' && path === '/api/tags') return { contentType: 'application/json', json: { models: [{ name: 'llama3.2:latest' }] } };
  if (method !== 'POST') return null;
  if (path === '/v1/messages') return anthropicMessage(model, knobs, stream);
  if (path === '/v1/messages/count_tokens')
    return { contentType: 'application/json', json: { input_tokens: knobs.inputTokens }, unmetered: true };
  const deployment = /^\/openai\/deployments\/([^/]+)(\/.*)$/.exec(path);
  const openAiPath = deployment ? deployment[2]! : path.replace(/^\/openai(?=\/v1\/)/, '');
  const includeUsage =
    !knobs.ignoreIncludeUsage && (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  if (/^(\/v1)?\/chat\/completions$/.test(openAiPath))
    return openAiChat(deployment ? 'gpt-4o-mini-2024-07-18' : model, knobs, stream, includeUsage);
  if (/^(\/v1)?\/responses$/.test(openAiPath)) return openAiResponses(model, knobs, stream);
  if (/^(\/v1)?\/embeddings$/.test(openAiPath)) return openAiEmbeddings(model, knobs);
  const geminiCall = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/.exec(path);
  if (geminiCall) {
    if (geminiCall[2] === 'countTokens')
      return { contentType: 'application/json', json: { totalTokens: knobs.inputTokens }, unmetered: true };
    return gemini(geminiCall[1]!, knobs, geminiCall[2] === 'streamGenerateContent', url.searchParams.get('alt') === 'sse');
  }
  if (path === '/api/chat') return ollamaChat(model, knobs, body.stream !== false);
  const converse = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(path);
  if (converse) return bedrockConverse(knobs, converse[2] === 'converse-stream');
  if (/^\/model\/[^/]+\/invoke$/.test(path)) return bedrockInvoke(knobs);
  return null;
}

function isEmbedding(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { object?: string }).object === 'list';
}

function sendError(res: ServerResponse, knobs: Knobs, headers: IncomingHttpHeaders): void {
  const key = String(headers['x-api-key'] ?? headers.authorization ?? headers['x-goog-api-key'] ?? headers['api-key'] ?? '');
  const message = knobs.echoKey ? `invalid x-api-key: ${key}` : `fake upstream error ${knobs.status}`;
  json(
    res,
    knobs.status!,
    { type: 'error', error: { type: knobs.status === 429 ? 'rate_limit_error' : 'api_error', message } },
    'application/json',
    knobs.status === 429 ? { 'retry-after': '7' } : {},
  );
}

function json(
  res: ServerResponse,
  status: number,
  value: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'set-cookie': 'upstream=1', ...headers });
  res.end(text);
}

/** The stream with an `event: error` echoing the key after its first frame, the key split across two writes. */
function withEchoedKey(frames: (string | Uint8Array)[], credential: string): (string | Uint8Array)[] {
  const event = `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: `retry with key ${credential}` } })}\n\n`;
  const cut = event.indexOf(credential) + Math.floor(credential.length / 2);
  return [frames[0]!, event.slice(0, cut), event.slice(cut), ...frames.slice(1)];
}

/** The answer compressed with `encoding` (`compress`: bytes labelled with an encoding the proxy cannot read), in two writes. */
function encoded(res: ServerResponse, body: string | Buffer, contentType: string, encoding: string): void {
  const compressors: Record<string, (bytes: Buffer) => Buffer> = {
    gzip: gzipSync,
    deflate: deflateSync,
    br: brotliCompressSync,
    compress: (bytes) => bytes,
  };
  const bytes = compressors[encoding]!(Buffer.from(body));
  res.writeHead(200, { 'content-type': contentType, 'content-encoding': encoding, 'content-length': bytes.length });
  const half = Math.floor(bytes.length / 2);
  res.write(bytes.subarray(0, half));
  res.end(bytes.subarray(half));
}

/** Headers and half the body, then silence with the connection left open. */
function stallHalfWay(res: ServerResponse, text: string, contentType: string): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.write(text.slice(0, Math.floor(text.length / 2)));
}
