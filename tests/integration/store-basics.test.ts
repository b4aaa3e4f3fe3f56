import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('the store over REST: the basics', () => {
  let t: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    admin = apiClient(t.server, { cookie: await t.login() });
  });
  afterAll(() => t.stop());

  it('creates a secret, links it to a provider, and returns metadata only', async () => {
    const secret = await admin.post('/secrets', { name: 'openai key', value: 'sk-basics-canary-1' });
    expect(secret.status).toBe(201);
    expect(secret.body).toMatchObject({ id: expect.stringMatching(/^sec_/), name: 'openai key', backend: 'memory', linkedProviderIds: [] });
    expect(secret.body.fingerprint).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(secret.text).not.toContain('sk-basics-canary-1');
    expect(await t.core.secrets.readValue(secret.body.id)).toBe('sk-basics-canary-1');

    const provider = await admin.post('/ai-providers', {
      name: 'OpenAI',
      provider: 'openai',
      defaultModel: 'gpt-4o',
      secretId: secret.body.id,
    });
    expect(provider.status).toBe(201);
    expect(provider.body).toMatchObject({ provider: 'openai', secretId: secret.body.id, authMethod: 'byo', baseUrl: null, config: null });
    const linked = await admin.get(`/secrets/${secret.body.id}`);
    expect(linked.body.linkedProviderIds).toEqual([provider.body.id]);
    expect((await t.core.aiProviders.resolveForProxy(provider.body.projectId, 'openai')).id).toBe(provider.body.id);
    expect((await t.core.aiProviders.resolveForProxy(provider.body.projectId, provider.body.id)).id).toBe(provider.body.id);
  });

  it('issues an API token once and accepts it in all three header forms', async () => {
    const provider = await admin.post('/ai-providers', { name: 'Listed', provider: 'anthropic', defaultModel: 'claude-sonnet-4-5' });
    const created = await admin.post('/tokens', { name: 'ci', kind: 'api', permissions: ['aiProviders:ListAiProviders'] });
    expect(created.status).toBe(201);
    const value: string = created.body.value;
    expect(value).toMatch(/^sb_[0-9A-Za-z]{43}$/);
    expect(created.body.token.prefix).toBe(value.slice(0, 10));
    const forms: Record<string, string>[] = [
      { authorization: `Bearer ${value}` },
      { authorization: `Token ${value}` },
      { 'x-api-key': value },
    ];
    for (const headers of forms) {
      const list = await admin.get('/ai-providers', { headers });
      expect(list.status).toBe(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toContain(provider.body.id);
    }
    const denied = await admin.get('/secrets', { token: value });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('secrets:ListSecrets');
    const listed = await admin.get(`/tokens/${created.body.token.id}`);
    expect(listed.text).not.toContain(value);
    expect(listed.body.lastUsedAt).not.toBeNull();
  });

  it('refuses unknown, revoked and job tokens on REST with 401', async () => {
    const job = await admin.post('/tokens', { name: 'pipeline', kind: 'job', labels: { pipeline: 'web' } });
    expect((await admin.get('/ai-providers', { token: job.body.value })).status).toBe(401);
    const api = await admin.post('/tokens', { name: 'short-lived', kind: 'api', permissions: ['aiProviders:ListAiProviders'] });
    expect((await admin.get('/ai-providers', { token: api.body.value })).status).toBe(200);
    const revoked = await admin.delete(`/tokens/${api.body.token.id}`);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await admin.get('/ai-providers', { token: api.body.value })).status).toBe(401);
  });

  it('writes audit events with field names and no values', async () => {
    const secret = await admin.post('/secrets', { name: 'audited key', value: 'sk-basics-canary-2' });
    const provider = await admin.post('/ai-providers', {
      name: 'Audited',
      provider: 'openai',
      defaultModel: 'gpt-4o',
      secretId: secret.body.id,
    });
    const token = await admin.post('/tokens', { name: 'audited', kind: 'job' });
    await admin.delete(`/tokens/${token.body.token.id}`);
    const eventsOf = async (targetId: string) => {
      const events = await admin.get(`/audit-events?targetId=${targetId}`);
      expect(events.status).toBe(200);
      expect(events.text).not.toContain('sk-basics-canary-2');
      return events.body.items as { action: string; actor: string; targetType: string; changedFields: string[] }[];
    };
    expect(await eventsOf(secret.body.id)).toEqual([
      expect.objectContaining({ action: 'secrets:CreateSecret', actor: 'admin', targetType: 'secret', changedFields: ['name', 'value'] }),
    ]);
    expect((await eventsOf(provider.body.id)).map((e) => e.action)).toEqual(['aiProviders:CreateAiProvider']);
    expect((await eventsOf(token.body.token.id)).map((e) => e.action)).toEqual(['tokens:RevokeToken', 'tokens:CreateToken']);
  });
});
