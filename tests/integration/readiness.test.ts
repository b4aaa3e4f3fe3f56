import { afterEach, describe, expect, it } from 'vitest';
import type { Readiness } from '../../electron/core/services/readiness';
import { startTestServer, type TestServer } from '../support/test-server';

describe('health and readiness of the local server', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  const readyz = async (server: TestServer) => {
    const response = await fetch(`${server.server.baseUrl}/readyz`);
    return { status: response.status, body: (await response.json()) as Readiness };
  };

  it('is ready, without credentials, while the store answers and the proxy runs', async () => {
    t = await startTestServer();
    expect(await readyz(t)).toEqual({
      status: 200,
      body: {
        ready: true,
        checks: { store: { ok: true, message: 'the store answers' }, proxy: { ok: true, message: 'the proxy is running' } },
      },
    });
  });

  it('is not ready while the proxy is paused, and ready again when it resumes', async () => {
    t = await startTestServer();
    t.core.proxy.pause();
    const paused = await readyz(t);
    expect(paused.status).toBe(503);
    expect(paused.body.checks.proxy).toEqual({ ok: false, message: 'the proxy is paused' });
    t.core.proxy.resume();
    expect((await readyz(t)).status).toBe(200);
  });

  it('is not ready when the store cannot be reached, and says so, while /healthz stays alive', async () => {
    t = await startTestServer();
    t.core.store.close();
    const unreachable = await readyz(t);
    expect(unreachable.status).toBe(503);
    expect(unreachable.body.ready).toBe(false);
    expect(unreachable.body.checks.store).toMatchObject({ ok: false, message: expect.stringContaining('the store is unreachable') });
    expect((await fetch(`${t.server.baseUrl}/healthz`)).status).toBe(200);
  });
});
