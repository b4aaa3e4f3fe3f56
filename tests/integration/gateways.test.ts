import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayIdFor } from '../../electron/core/config/gateway-id';
import { appVersion } from '../../electron/core/version';
import { apiClient, type ApiClient } from '../support/api-client';
import { testClock } from '../support/test-clock';
import { testStoreKind } from '../support/test-store';
import { startTestServer, type TestServer } from '../support/test-server';

describe('gateway heartbeats and the Gateways list', () => {
  const clock = testClock();
  let t: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    t = await startTestServer({ clock, gateways: { heartbeatMs: 60_000, silentAfterMs: 120_000 } });
    admin = apiClient(t.server, { cookie: await t.login() });
  });
  afterAll(() => t.stop());

  const beat = (id: string, lastSeenAt: string) =>
    t.core.store.gateways.heartbeat({
      id,
      host: `agent-${id.slice(-1)}`,
      pid: 4242,
      version: '0.9.0',
      store: 'postgres',
      baseUrl: 'http://127.0.0.1:8787',
      startedAt: '2026-11-30T06:00:00.000Z',
      lastSeenAt,
      requestsPerMinute: 17,
    });

  it('lists this gateway, live, with what it says about itself', async () => {
    const listed = await admin.get('/gateways');
    expect(listed.status).toBe(200);
    expect(listed.body.silentAfterSeconds).toBe(120);
    expect(listed.body.items).toEqual([
      {
        id: gatewayIdFor(t.dataDir),
        host: hostname(),
        pid: process.pid,
        version: appVersion,
        store: testStoreKind,
        baseUrl: t.server.baseUrl,
        startedAt: t.core.runtime.startedAt,
        lastSeenAt: expect.any(String),
        requestsPerMinute: 0,
        stoppedAt: null,
        state: 'live',
        isSelf: true,
      },
    ]);
  });

  it('shows a gateway without a heartbeat for longer than the threshold as silent, and one that said goodbye as stopped', async () => {
    const now = clock.now().getTime();
    await beat('gw_0000000000000000000001', new Date(now - 10_000).toISOString());
    await beat('gw_0000000000000000000002', new Date(now - 121_000).toISOString());
    await beat('gw_0000000000000000000003', new Date(now - 5_000).toISOString());
    await t.core.store.gateways.markStopped('gw_0000000000000000000003', new Date(now - 4_000).toISOString());
    const states = Object.fromEntries(
      (await admin.get('/gateways')).body.items.map((g: { id: string; state: string }) => [g.id.slice(-1), g.state]),
    );
    expect(states).toMatchObject({ '1': 'live', '2': 'silent', '3': 'stopped' });

    // Time passes without a heartbeat from the first: it goes silent too.
    clock.advance(120_000);
    const later = (await admin.get('/gateways')).body.items.find((g: { id: string }) => g.id.endsWith('1'));
    expect(later.state).toBe('silent');

    // A heartbeat after a stop means it runs again.
    await beat('gw_0000000000000000000003', clock.now().toISOString());
    const restarted = (await admin.get('/gateways')).body.items.find((g: { id: string }) => g.id.endsWith('3'));
    expect(restarted).toMatchObject({ state: 'live', stoppedAt: null });
  });

  it('keeps its id across restarts of the same data directory', () => {
    expect(gatewayIdFor(t.dataDir)).toBe(gatewayIdFor(t.dataDir));
    expect(gatewayIdFor(t.dataDir)).toMatch(/^gw_[0-9A-Za-z]{22}$/);
  });

  it('needs gateways:ListGateways', async () => {
    const token = (await admin.post('/tokens', { name: 'no gateways', kind: 'api', permissions: ['usage:GetUsageSummary'] })).body.value;
    const refused = await admin.get('/gateways', { token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('gateways:ListGateways');
  });
});

describe('a gateway that shuts down cleanly', () => {
  it('records its stop, so it shows as stopped rather than silent', async () => {
    const t = await startTestServer();
    const id = gatewayIdFor(t.dataDir);
    await t.server.close(100);
    const [row] = await t.core.store.gateways.list();
    expect(row).toMatchObject({ id, stoppedAt: expect.any(String), requestsPerMinute: 0 });
    await t.stop().catch(() => undefined);
  });
});
