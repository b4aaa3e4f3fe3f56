import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../electron/core/clock';
import { apiClient, type ApiClient } from '../support/api-client';
import { callTool, connectHttp, textOf } from '../support/mcp-clients';
import { startTestServer, type TestServer } from '../support/test-server';

/** A clock stopped at one instant: every edit lands in the same millisecond. */
const frozen: Clock = { now: () => new Date('2026-11-30T08:00:00.000Z') };

describe('concurrent admin edits: If-Match on updatedAt, 412 on a stale write', () => {
  let t: TestServer;
  let admin: ApiClient;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestServer({ clock: frozen });
    cookie = await t.login();
    admin = apiClient(t.server, { cookie });
  });
  afterAll(() => t.stop());

  const patchIfMatch = (path: string, body: unknown, etag: string) =>
    admin.call('PATCH', path, body, { headers: { cookie, 'if-match': etag } });

  it('answers a record with its version as ETag and takes it back as If-Match', async () => {
    const created = await admin.post('/ai-providers', { name: 'Shared', provider: 'openai', defaultModel: 'gpt-4o' });
    expect(created.headers.get('etag')).toBe(`"${created.body.updatedAt}"`);
    const read = await admin.get(`/ai-providers/${created.body.id}`);
    const etag = read.headers.get('etag')!;
    const first = await patchIfMatch(`/ai-providers/${created.body.id}`, { defaultModel: 'gpt-4.1' }, etag);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).not.toBe(etag);

    // A second admin still holding the first read: refused, and nothing of theirs is written.
    const stale = await patchIfMatch(`/ai-providers/${created.body.id}`, { defaultModel: 'gpt-4o-mini' }, etag);
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({
      code: 'precondition_failed',
      message: expect.stringContaining('changed by someone else'),
      details: { id: created.body.id, currentVersion: first.body.updatedAt },
    });
    expect((await admin.get(`/ai-providers/${created.body.id}`)).body.defaultModel).toBe('gpt-4.1');
    expect((await patchIfMatch(`/ai-providers/${created.body.id}`, { defaultModel: 'o3' }, '*')).status).toBe(200);
  });

  it('gives two edits within one millisecond two versions, so the second reader still sees a conflict', async () => {
    const created = (await admin.post('/ai-providers', { name: 'Same instant', provider: 'openai', defaultModel: 'gpt-4o' })).body;
    const a = await patchIfMatch(`/ai-providers/${created.id}`, { name: 'A' }, `"${created.updatedAt}"`);
    expect(a.body.updatedAt > created.updatedAt).toBe(true);
    expect((await patchIfMatch(`/ai-providers/${created.id}`, { name: 'B' }, `"${created.updatedAt}"`)).status).toBe(412);
  });

  it('writes only over the expected version, in one statement, so two gateways cannot both win', async () => {
    const created = (await admin.post('/ai-providers', { name: 'Raced', provider: 'openai', defaultModel: 'gpt-4o' })).body;
    const { store } = t.core;
    const first = { ...created, defaultModel: 'gpt-4.1', updatedAt: '2026-11-30T08:00:00.001Z' };
    const second = { ...created, defaultModel: 'o3', updatedAt: '2026-11-30T08:00:00.002Z' };
    expect(await store.transaction((tx) => tx.aiProviders.update(first, created.updatedAt))).toBe(true);
    expect(await store.transaction((tx) => tx.aiProviders.update(second, created.updatedAt))).toBe(false);
    expect((await store.aiProviders.get(created.id))!.defaultModel).toBe('gpt-4.1');

    const token = (await admin.post('/tokens', { name: 'raced', kind: 'job' })).body.token;
    // Versions are timestamps (timestamptz on PostgreSQL).
    const [v2, v3] = ['2026-11-30T08:00:00.003Z', '2026-11-30T08:00:00.004Z'];
    expect(await store.transaction((tx) => tx.tokens.update({ ...token, name: 'x', updatedAt: v2 }, token.updatedAt))).toBe(true);
    expect(await store.transaction((tx) => tx.tokens.update({ ...token, name: 'y', updatedAt: v3 }, token.updatedAt))).toBe(false);
    const project = (await admin.post('/projects', { name: 'Raced' })).body;
    expect(await store.transaction((tx) => tx.projects.rename(project.id, 'x', v2, project.updatedAt))).toBe(true);
    expect(await store.transaction((tx) => tx.projects.rename(project.id, 'y', v3, project.updatedAt))).toBe(false);
  });

  it('refuses stale token and project edits the same way', async () => {
    const token = (await admin.post('/tokens', { name: 'ci', kind: 'job' })).body.token;
    const renamed = await patchIfMatch(`/tokens/${token.id}`, { name: 'ci-2' }, `"${token.updatedAt}"`);
    expect(renamed.status).toBe(200);
    const stale = await patchIfMatch(`/tokens/${token.id}`, { limits: { requestsPerMinute: 5 } }, `"${token.updatedAt}"`);
    expect(stale.status).toBe(412);
    expect((await admin.get(`/tokens/${token.id}`)).body.limits.requestsPerMinute).toBeNull();

    const project = (await admin.post('/projects', { name: 'Edited twice' })).body;
    expect((await patchIfMatch(`/projects/${project.id}`, { name: 'First' }, `"${project.updatedAt}"`)).status).toBe(200);
    expect((await patchIfMatch(`/projects/${project.id}`, { name: 'Second' }, `"${project.updatedAt}"`)).status).toBe(412);
    expect((await admin.get(`/projects/${project.id}`)).body.name).toBe('First');
  });

  it('ignores If-Match on operations that do not take it, and applies an update without one', async () => {
    const listed = await admin.call('GET', '/ai-providers', undefined, { headers: { cookie, 'if-match': '"whatever"' } });
    expect(listed.status).toBe(200);
    const created = (await admin.post('/ai-providers', { name: 'Unconditional', provider: 'openai', defaultModel: 'gpt-4o' })).body;
    expect((await admin.patch(`/ai-providers/${created.id}`, { defaultModel: 'gpt-4.1' })).status).toBe(200);
  });

  it('takes ifMatch as an MCP tool argument', async () => {
    const token = (await admin.post('/tokens', { name: 'agent', kind: 'api', permissions: ['aiProviders:UpdateAiProvider'] })).body;
    const client = await connectHttp(t.server, token.value);
    try {
      const created = (await admin.post('/ai-providers', { name: 'Via MCP', provider: 'openai', defaultModel: 'gpt-4o' })).body;
      await admin.patch(`/ai-providers/${created.id}`, { defaultModel: 'gpt-4.1' });
      const stale = await callTool(client, 'update-ai-provider', {
        aiProviderId: created.id,
        defaultModel: 'o3',
        ifMatch: created.updatedAt,
      });
      expect(stale.isError).toBe(true);
      expect(textOf(stale)).toContain('changed by someone else');
      const fresh = (await admin.get(`/ai-providers/${created.id}`)).body;
      const applied = await callTool(client, 'update-ai-provider', {
        aiProviderId: created.id,
        defaultModel: 'o3',
        ifMatch: fresh.updatedAt,
      });
      expect(applied.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});
