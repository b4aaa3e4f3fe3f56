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

  it('drains the proxy first, runs once however often quit is asked, and closes the core even when a step fails', async () => {
    const order: string[] = [];
    const log = createMemoryLogger();
    const shutdown = createGracefulShutdown(
      {
        drainProxy: async (graceMs) => void order.push(`drain ${graceMs}`),
        closeServer: async () => {
          order.push('server');
          throw new Error('close failed');
        },
        closeCore: () => void order.push('core'),
      },
      { log, graceMs: 250 },
    );
    await Promise.all([shutdown(), shutdown()]);
    await shutdown();
    expect(order).toEqual(['drain 250', 'server', 'core']);
    expect(log.lines.some((line) => line.includes('shutdown step failed') && line.includes('close server'))).toBe(true);
  });
});
