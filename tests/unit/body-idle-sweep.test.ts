import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBodyIdleSweep } from '../../electron/core/http/client-timeouts';

/**
 * Real sockets on 127.0.0.1, a hand-moved clock and sweeps called by hand: what a body's silence
 * is measured from, and when the socket is closed, without waiting on timers.
 */
let clock = 0;
let sweep: ReturnType<typeof createBodyIdleSweep>;
let server: Server;
let arrived: ((req: IncomingMessage) => void) | null;
const clients: Socket[] = [];

beforeEach(async () => {
  clock = 0;
  sweep = createBodyIdleSweep(1000, () => clock);
  server = createServer((req, res) => {
    sweep.watch(req);
    req.on('end', () => res.end('whole'));
    req.resume();
    arrived?.(req);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterEach(async () => {
  sweep.stop();
  for (const client of clients.splice(0)) client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** A request whose headers promise 100 bytes and whose body starts with one; resolves once the server has it. */
async function openBody(): Promise<{ client: Socket; req: IncomingMessage }> {
  const seen = new Promise<IncomingMessage>((resolve) => (arrived = resolve));
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  clients.push(client);
  client.on('error', () => undefined);
  client.write('POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 100\r\n\r\n{');
  return { client, req: await seen };
}

/** Sends one more body byte and waits until the server has read it. */
async function dribble(client: Socket, req: IncomingMessage): Promise<void> {
  const read = new Promise((resolve) => req.once('data', resolve));
  client.write(' ');
  await read;
}

const closed = (client: Socket) => new Promise<void>((resolve) => (client.destroyed ? resolve() : client.once('close', () => resolve())));

describe('the body idle sweep', () => {
  it('closes a socket whose body has been silent for the bound, not a moment before', async () => {
    const { client } = await openBody();
    clock = 999;
    sweep.sweep();
    expect(sweep.size).toBe(1);
    expect(client.destroyed).toBe(false);
    clock = 1000;
    sweep.sweep();
    await closed(client);
    expect(sweep.size).toBe(0);
  });

  it('measures the silence from the last byte read, so a dribbling body is left alone', async () => {
    const { client, req } = await openBody();
    for (const at of [900, 1800]) {
      await dribble(client, req);
      clock = at;
      sweep.sweep();
    }
    clock = 2700; // 900 ms after the last byte
    sweep.sweep();
    expect(client.destroyed).toBe(false);
    expect(sweep.size).toBe(1);
    clock = 2800;
    sweep.sweep();
    await closed(client);
  });

  it('forgets a body once it is whole, and one whose client left', async () => {
    const whole = await openBody();
    const left = await openBody();
    expect(sweep.size).toBe(2);
    const answered = new Promise<string>((resolve) => whole.client.on('data', (data) => resolve(data.toString())));
    whole.client.write('{'.padEnd(99, ' '));
    expect(await answered).toContain('whole');
    left.client.destroy();
    await new Promise((resolve) => left.req.once('close', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sweep.size).toBe(0);
    // Nothing left to sweep: a sweep long after closes nothing.
    clock = 10_000;
    sweep.sweep();
    expect(whole.client.destroyed).toBe(false);
  });
});
