import { describe, expect, it } from 'vitest';
import { listen } from '../../../electron/core/http/listen';
import { createMemoryLogger } from '../../../electron/core/log';
import { createGracefulShutdown } from '../../../electron/main/graceful-shutdown';

describe('graceful quit', () => {
  it('lets an in-flight request finish before the core (and its usage buffer) closes', async () => {
    const order: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await listen((_req, res) => {
      order.push('request started');
      void released.then(() => {
        res.end('answer');
        order.push('request answered');
      });
    }, 0);
    const response = fetch(`${server.baseUrl}/slow`).then((r) => r.text());
    while (!order.includes('request started')) await new Promise((resolve) => setTimeout(resolve, 5));

    const shutdown = createGracefulShutdown(
      { closeServer: (graceMs) => server.close(graceMs), closeCore: () => void order.push('core closed') },
      { log: createMemoryLogger(), graceMs: 5_000 },
    );
    const done = shutdown();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual(['request started']);
    release();
    await done;
    expect(await response).toBe('answer');
    expect(order).toEqual(['request started', 'request answered', 'core closed']);
  });

  it('runs once however often quit is asked, and closes the core even when closing the server fails', async () => {
    const order: string[] = [];
    const log = createMemoryLogger();
    const shutdown = createGracefulShutdown(
      {
        closeServer: async (graceMs) => {
          order.push(`server ${graceMs}`);
          throw new Error('close failed');
        },
        closeCore: () => void order.push('core'),
      },
      { log, graceMs: 250 },
    );
    await Promise.all([shutdown(), shutdown()]);
    await shutdown();
    expect(order).toEqual(['server 250', 'core']);
    expect(log.lines.some((line) => line.includes('shutdown step failed') && line.includes('close server'))).toBe(true);
  });
});
