import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberedPort } from '../../electron/core/config/remembered-port';
import { createMemoryLogger } from '../../electron/core/log';
import { apiClient, type ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('gateway settings over REST', () => {
  const log = createMemoryLogger('info');
  let t: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    t = await startTestServer({ log });
    admin = apiClient(t.server, { cookie: await t.login() });
  });
  afterAll(() => t.stop());

  it('shows the port, the log level and the data directory with its size', async () => {
    const settings = await admin.get('/system/settings');
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ listeningPort: t.server.port, logLevel: 'info', dataDir: t.dataDir });
    expect(settings.body.dataDirBytes).toBeGreaterThan(0);
  });

  it('keeps a new port for the next start and names the agent endpoint it will give', async () => {
    const changed = await admin.patch('/system/settings', { port: 9123 });
    expect(changed.body).toMatchObject({ port: 9123, listeningPort: t.server.port, agentEndpointAfterRestart: 'http://127.0.0.1:9123/v3' });
    expect(await rememberedPort(t.core.store.settings)).toBe(9123);
    const refused = await admin.patch('/system/settings', { port: 80 });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('must be 1024 or above');
  });

  it('applies a log level at once and keeps it', async () => {
    await admin.patch('/system/settings', { logLevel: 'warn' });
    const before = log.lines.length;
    t.core.log.info('an info line nobody asked for');
    expect(log.lines.length).toBe(before);
    expect((await admin.get('/system/settings')).body.logLevel).toBe('warn');
    await admin.patch('/system/settings', { logLevel: 'info' });
    t.core.log.info('wanted again');
    expect(log.lines.at(-1)).toContain('wanted again');
  });
});
