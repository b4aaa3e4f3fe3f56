import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/** Sockets that send a request's headers and then its body a byte at a time, or not at all. */
let h: ProxyHarness;
const port = () => new URL(h.endpoint).port;

beforeAll(async () => {
  h = await startProxyHarness({ providers: [{ slug: 'openai' }], clientTimeouts: { requestMs: 1_000, bodyIdleMs: 500 } });
});
afterAll(() => h.stop());

function openRequest(token: string | null, declaredBytes = 10_000, toPort = port()): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(Number(toPort), '127.0.0.1', () => {
      const auth = token ? `x-api-key: ${token}\r\n` : '';
      socket.write(
        `POST /v3/ai/openai/v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${toPort}\r\ncontent-type: application/json\r\n${auth}content-length: ${declaredBytes}\r\n\r\n{`,
      );
      resolve(socket);
    });
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
  });
}

const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

it('100 sockets dribbling a body, half without a token, are closed within the request bound while a normal client is served', async () => {
  const sockets = await Promise.all(Array.from({ length: 100 }, (_, i) => openRequest(i % 2 === 0 ? h.tokens[0]!.value : null)));
  const dribble = setInterval(() => {
    for (const socket of sockets) if (!socket.destroyed) socket.write(' ');
  }, 100);
  try {
    const normal = await fetch(`${h.endpoint}/ai/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(normal.status).toBe(200);
    await Promise.all(sockets.map(closed));
  } finally {
    clearInterval(dribble);
  }
  expect(sockets.every((socket) => socket.destroyed)).toBe(true);
});

it('a body that goes silent is closed after the body idle time', async () => {
  const socket = await openRequest(h.tokens[0]!.value);
  await closed(socket);
  expect(socket.destroyed).toBe(true);
});

describe('with the whole-request and body idle bounds long', () => {
  let patient: ProxyHarness;
  beforeAll(async () => {
    patient = await startProxyHarness({ providers: [{ slug: 'openai' }], clientTimeouts: { requestMs: 120_000, bodyIdleMs: 120_000 } });
  });
  afterAll(() => patient.stop());

  it('a request refused before its body was read (no token) is answered and closed at once, not when the bounds run out', async () => {
    const socket = await openRequest(null, 10_000, new URL(patient.endpoint).port);
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    await closed(socket);
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
  });
});

describe('with only the body idle bound short', () => {
  let idle: ProxyHarness;
  beforeAll(async () => {
    idle = await startProxyHarness({ providers: [{ slug: 'openai' }], clientTimeouts: { requestMs: 120_000, bodyIdleMs: 300 } });
  });
  afterAll(() => idle.stop());

  it('a body that goes silent is closed by the idle bound, long before the whole-request bound', async () => {
    const socket = await openRequest(idle.tokens[0]!.value, 10_000, new URL(idle.endpoint).port);
    await closed(socket);
    expect(socket.destroyed).toBe(true);
  });

  it('a body that keeps coming is not closed by the idle bound', async () => {
    const socket = await openRequest(idle.tokens[0]!.value, 10_000, new URL(idle.endpoint).port);
    const dribble = setInterval(() => socket.write(' '), 50);
    try {
      // Four idle bounds' worth of dribbling, then the socket must still be open.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(socket.destroyed).toBe(false);
    } finally {
      clearInterval(dribble);
    }
    await closed(socket);
  });
});
