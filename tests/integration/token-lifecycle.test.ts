import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { storeFixtures, type StoreFixtures } from '../support/store-fixtures';
import { testClock } from '../support/test-clock';
import { startTestServer, type TestServer } from '../support/test-server';
import { peekStore } from '../support/store-peek';

const list = ['aiProviders:ListAiProviders'] as const;

describe('tokens: expiry, revocation, updates and authentication', () => {
  const clock = testClock();
  let t: TestServer;
  let admin: ApiClient;
  let f: StoreFixtures;
  beforeAll(async () => {
    t = await startTestServer({ clock, authThrottle: { maxFailures: 1000 } });
    admin = apiClient(t.server, { cookie: await t.login() });
    f = storeFixtures(t.core);
  });
  afterAll(() => t.stop());

  it('stops accepting a token once it expires', async () => {
    const { value } = await f.token(list, { expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString() });
    expect((await admin.get('/ai-providers', { token: value })).status).toBe(200);
    clock.advance(2 * 3_600_000);
    const expired = await admin.get('/ai-providers', { token: value });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain('expired');
  });

  it('refuses a revoked token at once, even one it just cached', async () => {
    const { token, value } = await f.token(list);
    expect((await admin.get('/ai-providers', { token: value })).status).toBe(200);
    expect((await admin.delete(`/tokens/${token.id}`)).status).toBe(200);
    expect((await admin.get('/ai-providers', { token: value })).status).toBe(401);
    expect((await admin.get(`/tokens/${token.id}`)).body.revokedAt).not.toBeNull();
    for (const flag of ['true', '1']) {
      const listed = await admin.get(`/tokens?includeRevoked=${flag}&limit=500`);
      expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(token.id);
    }
    expect((await admin.get('/tokens?limit=500')).body.items.map((x: { id: string }) => x.id)).not.toContain(token.id);
  });

  it('notices a revocation written by another process (the CLI) right away', async () => {
    const { token, value } = await f.token(list);
    expect((await admin.get('/ai-providers', { token: value })).status).toBe(200);
    const other = await peekStore(t);
    await other.write('UPDATE tokens SET revoked_at = ? WHERE id = ?', clock.now().toISOString(), token.id);
    await other.close();
    expect((await admin.get('/ai-providers', { token: value })).status).toBe(401);
  });

  it('updates with PATCH semantics and refuses changes to a revoked token', async () => {
    const { token } = await f.token(list, { kind: 'job' });
    const patched = await admin.patch(`/tokens/${token.id}`, {
      labels: { pipeline: 'web', branch: 'main' },
      limits: { requestsPerMinute: 60 },
    });
    expect(patched.body).toMatchObject({
      name: token.name,
      labels: { pipeline: 'web', branch: 'main' },
      limits: { requestsPerMinute: 60, spendCapUsd: null },
    });
    const later = new Date(clock.now().getTime() + 86_400_000).toISOString();
    expect((await admin.patch(`/tokens/${token.id}`, { expiresAt: later })).body.expiresAt).toBe(later);
    expect((await admin.patch(`/tokens/${token.id}`, { expiresAt: null })).body.expiresAt).toBeNull();
    expect((await admin.patch(`/tokens/${token.id}`, { expiresAt: '2001-01-01T00:00:00Z' })).status).toBe(400);
    await admin.delete(`/tokens/${token.id}`);
    expect((await admin.patch(`/tokens/${token.id}`, { name: 'again' })).status).toBe(409);
  });

  it("changes a job token's allowed providers: to known providers of its project only, and never for an API token", async () => {
    const { token } = await f.token([], { kind: 'job' });
    const provider = await f.provider();
    const limited = await admin.patch(`/tokens/${token.id}`, { allowedProviders: [provider.id, 'anthropic', provider.id] });
    expect(limited.body.allowedProviders, limited.text).toEqual([provider.id, 'anthropic']);
    expect((await admin.get(`/tokens/${token.id}`)).body.allowedProviders).toEqual([provider.id, 'anthropic']);
    expect((await admin.patch(`/tokens/${token.id}`, { allowedProviders: [] })).body.allowedProviders).toEqual([]);
    const unknown = await admin.patch(`/tokens/${token.id}`, { allowedProviders: ['aip_0000000000000000none'] });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('no AI provider aip_0000000000000000none in this project');
    const api = await f.token(list);
    expect((await admin.patch(`/tokens/${api.token.id}`, { allowedProviders: ['openai'] })).status).toBe(400);
    const events = await t.core.audit.list({ kind: 'admin', id: 'cli' }, { limit: 5, targetId: token.id });
    expect(events.items[0]?.changedFields).toEqual(['allowedProviders']);
  });

  it('validates new tokens: future expiry, known providers, no permissions beyond the creator', async () => {
    expect((await admin.post('/tokens', { name: 'old', kind: 'api', expiresAt: '2001-01-01T00:00:00Z' })).status).toBe(400);
    expect((await admin.post('/tokens', { name: 'x', kind: 'job', allowedProviders: ['aip_0000000000000000none'] })).status).toBe(400);
    const provider = await f.provider();
    const job = await admin.post('/tokens', {
      name: 'job',
      kind: 'job',
      allowedProviders: ['anthropic', provider.id],
      labels: { pipeline: 'web' },
      limits: { requestsPerMinute: 10, inputTokensPerMinute: 1000, spendCapUsd: 2.5 },
    });
    expect(job.status).toBe(201);
    expect(job.body.token).toMatchObject({ kind: 'job', allowedProviders: ['anthropic', provider.id], limits: { spendCapUsd: 2.5 } });
    const creator = (await f.token(['tokens:CreateToken'])).value;
    const escalate = await admin.post('/tokens', { name: 'more', kind: 'api', permissions: ['secrets:ListSecrets'] }, { token: creator });
    expect(escalate.status).toBe(403);
    expect(escalate.body.error.message).toContain('secrets:ListSecrets');
  });

  it('authenticates job tokens for the proxy by kind, and keeps lastUsedAt current', async () => {
    const { token, value } = await f.token([], { kind: 'job' });
    const authenticated = await t.core.tokens.authenticate(value, 'job');
    expect(authenticated).toMatchObject({ id: token.id, kind: 'job' });
    expect(t.core.tokens.actorFor(authenticated)).toMatchObject({ kind: 'token', id: token.id, projectId: token.projectId });
    // A refusal comes at once for a cached token and as a rejection for one the store is asked for.
    const refusal = (presented: string, kind: 'api' | 'job') => Promise.resolve().then(() => t.core.tokens.authenticate(presented, kind));
    await expect(refusal(value, 'api')).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(refusal(value.slice(0, -1) + (value.endsWith('a') ? 'b' : 'a'), 'job')).rejects.toMatchObject({ code: 'unauthorized' });
    expect((await admin.get(`/tokens/${token.id}`)).body.lastUsedAt).toBe(authenticated.lastUsedAt);
    await t.core.tokens.flushLastUsed();
    const row = await peekStore(t);
    expect(await row.get('SELECT last_used_at FROM tokens WHERE id = ?', token.id)).toEqual({ last_used_at: authenticated.lastUsedAt });
    await row.close();
    // On a team store a change notice from an earlier write may still arrive and drop the cache;
    // one more look fills it again.
    await t.core.tokens.authenticate(value, 'job');
    // Cached now: the proxy's hot path gets the answer at once, without a promise.
    expect(t.core.tokens.authenticate(value, 'job')).toMatchObject({ id: token.id, kind: 'job' });
  });
});

describe('the failed-authentication throttle', () => {
  const clock = testClock();
  let t: TestServer;
  let api: ApiClient;
  beforeAll(async () => {
    t = await startTestServer({ clock, authThrottle: { maxFailures: 5, windowMs: 60_000 } });
    api = apiClient(t.server);
  });
  afterAll(() => t.stop());

  it('answers 429 with Retry-After after repeated failures, and still accepts a valid token', async () => {
    const valid = (await storeFixtures(t.core).token(list)).value;
    const bad = { token: 'sb_' + 'x'.repeat(43) };
    for (let i = 0; i < 5; i++) expect((await api.get('/ai-providers', bad)).status).toBe(401);
    const throttled = await api.get('/ai-providers', bad);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('rate_limited');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await api.get('/ai-providers', { token: valid })).status).toBe(200);
    expect((await api.get('/ai-providers', { headers: { 'x-api-key': 'garbage' } })).status).toBe(429);
    clock.advance(61_000);
    expect((await api.get('/ai-providers', bad)).status).toBe(401);
  });
});
