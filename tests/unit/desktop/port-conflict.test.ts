import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../../electron/core/http/listen';
import { parsePort } from '../../../electron/core/port-number';
import { findFreePortFrom, portConflictButtons, startWithPortChoice, type PortConflict } from '../../../electron/main/port-choice';

/** Occupies a real port on 127.0.0.1, the way another program would. */
function occupy(port = 0): Promise<Server & { port: number }> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve(Object.assign(server, { port: (server.address() as { port: number }).port }))),
  );
}

describe('the port-conflict flow', () => {
  const open: Array<{ close(): unknown }> = [];
  afterEach(async () => {
    for (const item of open.splice(0)) await item.close();
  });
  const start = async (port: number): Promise<Listening> => {
    const listening = await listen((_req, res) => res.end('ok'), port);
    open.push(listening);
    return listening;
  };

  it('starts on the wanted port without asking or saving when it is free', async () => {
    const free = (await findFreePortFrom(40_000))!;
    const asked: PortConflict[] = [];
    const saved: number[] = [];
    const server = await startWithPortChoice({
      port: free,
      start,
      ask: async (c) => (asked.push(c), { kind: 'quit' }),
      save: (p) => saved.push(p),
    });
    expect(server?.port).toBe(free);
    expect(asked).toEqual([]);
    expect(saved).toEqual([]);
  });

  it('explains a taken port, suggests a free one, and remembers the port chosen', async () => {
    const taken = await occupy();
    open.push(taken);
    const asked: PortConflict[] = [];
    const saved: number[] = [];
    const server = await startWithPortChoice({
      port: taken.port,
      start,
      ask: async (conflict) => {
        asked.push(conflict);
        return portConflictButtons(conflict)[0]!.choice;
      },
      save: (port) => saved.push(port),
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.message).toBe(
      `Port ${taken.port} on 127.0.0.1 is already in use. Choose another with --port N (or --port 0 for any free port).`,
    );
    expect(asked[0]!.suggestion).toBeGreaterThan(taken.port);
    expect(server?.port).toBe(asked[0]!.suggestion);
    expect(saved).toEqual([server!.port]);
    expect(await (await fetch(`${server!.baseUrl}/`)).text()).toBe('ok');
  });

  it('"any free port" saves the port it actually got, not 0', async () => {
    const taken = await occupy();
    open.push(taken);
    const saved: number[] = [];
    const server = await startWithPortChoice({
      port: taken.port,
      start,
      ask: async () => ({ kind: 'port', port: 0 }),
      save: (p) => saved.push(p),
    });
    expect(server!.port).not.toBe(0);
    expect(saved).toEqual([server!.port]);
  });

  it('asks again while the chosen port is still taken, and returns null when the admin quits', async () => {
    const taken = await occupy();
    open.push(taken);
    let asks = 0;
    const result = await startWithPortChoice({
      port: taken.port,
      start,
      ask: async (conflict) => (++asks === 1 ? { kind: 'port', port: conflict.port } : { kind: 'quit' }),
      save: () => {
        throw new Error('nothing should be saved');
      },
    });
    expect(asks).toBe(2);
    expect(result).toBeNull();
  });

  it('rethrows failures that another port would not fix', async () => {
    const failure = Object.assign(new Error('bad'), { code: 'EINVAL' });
    await expect(
      startWithPortChoice({ port: 1, start: async () => Promise.reject(failure), ask: async () => ({ kind: 'quit' }), save: () => {} }),
    ).rejects.toBe(failure);
  });

  it('offers the suggestion first, then any free port, try again and quit', () => {
    expect(portConflictButtons({ port: 8787, suggestion: 8788, message: '' }).map((b) => b.label)).toEqual([
      'Use port 8788',
      'Use any free port',
      'Try again',
      'Quit',
    ]);
    expect(portConflictButtons({ port: 8787, suggestion: null, message: '' })[0]).toEqual({
      label: 'Use any free port',
      choice: { kind: 'port', port: 0 },
    });
  });

  it('finds the next port that can be listened on', async () => {
    const taken = await occupy();
    open.push(taken);
    const found = await findFreePortFrom(taken.port);
    expect(found).not.toBe(taken.port);
    expect(found).toBeGreaterThan(taken.port);
  });

  it('reads SWITCHBOARD_PORT as a port, or as unset when it is not one', () => {
    expect(parsePort(undefined)).toBeNull();
    expect(parsePort('')).toBeNull();
    expect(parsePort('0')).toBe(0);
    expect(parsePort('9100')).toBe(9100);
    expect(parsePort('70000')).toBeNull();
    expect(parsePort('80a')).toBeNull();
  });
});
