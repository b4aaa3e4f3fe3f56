import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpstreamAgent, defaultTimeouts } from '../../electron/core/proxy/upstream-agent';

/** A server answering with the port it listens on and the socket's ordinal, so reuse and origin are visible. */
async function startServer(): Promise<{ server: Server; origin: string; connections: () => number; sockets: Socket[] }> {
  let connections = 0;
  const sockets: Socket[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(JSON.stringify({ port: (server.address() as AddressInfo).port, path: req.url })));
  });
  // Kept alive far longer than a test, so only the client can end a connection here.
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    connections++;
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, sockets };
}

/** undici's refusal of a request sent after `close` (closed while closing, destroyed once closed). */
const refused = { code: expect.stringMatching(/^UND_ERR_(CLOSED|DESTROYED)$/) };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('the upstream agent (a pool per origin)', () => {
  it('sends each request to its own origin and keeps one connection alive per origin', async () => {
    const a = await startServer();
    const b = await startServer();
    servers.push(a.server, b.server);
    const agent = createUpstreamAgent(defaultTimeouts);
    const answers: unknown[] = [];
    for (const origin of [a.origin, b.origin, a.origin, b.origin, a.origin]) {
      const response = await agent.request({ origin, path: `/v1/models?from=${origin.slice(-5)}`, method: 'GET' });
      answers.push(await response.body.json());
    }
    expect(answers).toEqual(
      [a, b, a, b, a].map((server) => ({
        port: Number(new URL(server.origin).port),
        path: `/v1/models?from=${server.origin.slice(-5)}`,
      })),
    );
    expect([a.connections(), b.connections()]).toEqual([1, 1]);
    await agent.close();
  });

  it('refuses requests once closed, to an origin it knew and to a new one, without opening a connection', async () => {
    const a = await startServer();
    const b = await startServer();
    servers.push(a.server, b.server);
    const agent = createUpstreamAgent(defaultTimeouts);
    await (await agent.request({ origin: a.origin, path: '/', method: 'GET' })).body.text();
    await agent.close();
    await expect(agent.request({ origin: a.origin, path: '/', method: 'GET' })).rejects.toMatchObject(refused);
    await expect(agent.request({ origin: b.origin, path: '/', method: 'GET' })).rejects.toMatchObject(refused);
    expect([a.connections(), b.connections()]).toEqual([1, 0]);
  });

  it('ends open connections when destroyed, and refuses requests after', async () => {
    const a = await startServer();
    servers.push(a.server);
    const agent = createUpstreamAgent(defaultTimeouts);
    await (await agent.request({ origin: a.origin, path: '/', method: 'GET' })).body.text();
    const [socket] = a.sockets;
    const ended = new Promise<void>((resolve) => socket!.once('close', () => resolve()));
    await agent.destroy();
    await ended;
    await expect(agent.request({ origin: a.origin, path: '/', method: 'GET' })).rejects.toMatchObject({ code: 'UND_ERR_DESTROYED' });
  });
});
