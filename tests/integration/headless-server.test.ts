import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

/** Raw HTTP, so the Host header can be anything (fetch would not let us lie about it). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the headless server', () => {
  let t: TestServer;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestServer();
    cookie = await t.login();
  });
  afterAll(() => t.stop());

  it('binds 127.0.0.1 and prints loopback addresses', () => {
    expect(t.server.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(t.server.agentEndpoint).toBe(`http://127.0.0.1:${t.server.port}/v3`);
    expect(t.server.apiBaseUrl).toBe(`http://127.0.0.1:${t.server.port}/api/v1`);
    expect(t.server.loginUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${t.server.port}/auth/login\\?token=[\\w-]{32}$`));
  });

  it('accepts the login URL only once', async () => {
    const again = await fetch(t.server.loginUrl, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('answers the API for a signed-in session', async () => {
    const response = await fetch(`${t.server.apiBaseUrl}/system/status`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      mode: 'headless',
      dataDir: t.dataDir,
      agentEndpoint: t.server.agentEndpoint,
      vault: { backend: 'memory' },
    });
  });

  it('answers 401 with a JSON error without a session or with a wrong one', async () => {
    for (const headers of [{}, { cookie: 'sb_admin=forged' }] as Record<string, string>[]) {
      const response = await fetch(`${t.server.apiBaseUrl}/system/status`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('keeps the admin UI behind the session', async () => {
    expect((await fetch(`${t.server.baseUrl}/`)).status).toBe(401);
    const page = await fetch(`${t.server.baseUrl}/`, { headers: { cookie } });
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('refuses foreign Host headers (DNS rebinding) with 403', async () => {
    const response = await rawGet(t.server.port, '/api/v1/system/status', { host: 'rebind.attacker.example', cookie });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('refuses foreign Origins with 403', async () => {
    const response = await fetch(`${t.server.apiBaseUrl}/system/status`, { headers: { cookie, origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
  });

  it('answers unknown routes and methods with JSON 404 and 405', async () => {
    const missing = await fetch(`${t.server.apiBaseUrl}/nothing-here`, { headers: { cookie } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    const wrong = await fetch(`${t.server.apiBaseUrl}/system/status`, { method: 'POST', headers: { cookie } });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('answers a health check without credentials', async () => {
    expect(await (await fetch(`${t.server.baseUrl}/healthz`)).json()).toEqual({ ok: true });
  });
});
