import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('projects and the audit trail over REST', () => {
  let t: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    admin = apiClient(t.server, { cookie: await t.login() });
  });
  afterAll(() => t.stop());

  it('creates, renames, lists and gets projects; names are unique', async () => {
    const created = await admin.post('/projects', { name: 'Team A' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Team A', isDefault: false, id: expect.stringMatching(/^prj_/) });
    expect((await admin.post('/projects', { name: 'team a' })).status).toBe(409);
    expect((await admin.post('/projects', { name: 'Default' })).status).toBe(409);
    const renamed = await admin.patch(`/projects/${created.body.id}`, { name: 'Team B' });
    expect(renamed.body.name).toBe('Team B');
    expect((await admin.get(`/projects/${created.body.id}`)).body.name).toBe('Team B');
    const listed = await admin.get('/projects');
    expect(listed.body.items.map((p: { name: string }) => p.name)).toEqual(['Default', 'Team B']);
    expect((await admin.get('/projects/prj_0000000000000000none')).status).toBe(404);
  });

  it('deletes only empty, non-default projects', async () => {
    const project = (await admin.post('/projects', { name: 'Doomed' })).body;
    const secret = (await admin.post('/secrets', { name: 'k', value: 'v', projectId: project.id })).body;
    const token = (await admin.post('/tokens', { name: 't', kind: 'job', projectId: project.id })).body.token;
    const refused = await admin.delete(`/projects/${project.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ secrets: 1, liveTokens: 1 });
    await admin.delete(`/secrets/${secret.id}`);
    await admin.delete(`/tokens/${token.id}`);
    expect((await admin.delete(`/projects/${project.id}`)).status).toBe(200);
    expect((await admin.get(`/projects/${project.id}`)).status).toBe(404);
    const defaultId = await t.core.projects.defaultProjectId();
    expect((await admin.delete(`/projects/${defaultId}`)).status).toBe(409);
  });

  it('records who changed which fields, filterable by action, target, actor and time', async () => {
    const provider = (await admin.post('/ai-providers', { name: 'audited', provider: 'openai', defaultModel: 'gpt-4o' })).body;
    await admin.patch(`/ai-providers/${provider.id}`, { defaultModel: 'gpt-4.1', baseUrl: 'https://example.com/v1' });
    await admin.delete(`/ai-providers/${provider.id}`);
    const trail = await admin.get(`/audit-events?targetId=${provider.id}`);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual([
      'aiProviders:DeleteAiProvider',
      'aiProviders:UpdateAiProvider',
      'aiProviders:CreateAiProvider',
    ]);
    expect(trail.body.items[1]).toMatchObject({ actor: 'admin', targetType: 'aiProvider', changedFields: ['baseUrl', 'defaultModel'] });
    const updates = await admin.get('/audit-events?action=aiProviders:UpdateAiProvider');
    expect(updates.body.items.every((e: { action: string }) => e.action === 'aiProviders:UpdateAiProvider')).toBe(true);
    expect((await admin.get('/audit-events?actor=nobody')).body.items).toEqual([]);
    expect((await admin.get('/audit-events?since=2999-01-01T00:00:00Z')).body.items).toEqual([]);
    expect((await admin.get('/audit-events?until=2000-01-01T00:00:00%2B02:00')).body.items).toEqual([]);
    const one = await admin.get(`/audit-events/${trail.body.items[0].id}`);
    expect(one.body).toEqual(trail.body.items[0]);
    expect((await admin.get('/audit-events/aud_missing')).status).toBe(404);
    const page = await admin.get('/audit-events?limit=2');
    const next = await admin.get(`/audit-events?limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
  });
});
