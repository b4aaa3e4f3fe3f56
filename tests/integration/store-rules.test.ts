import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import { apiClient, type ApiClient } from '../support/api-client';
import { switchableVault } from '../support/switchable-vault';
import { startTestServer, type TestServer } from '../support/test-server';
import { peekStore } from '../support/store-peek';

describe('the store over REST: rules', () => {
  let t: TestServer;
  let admin: ApiClient;
  const memory = createMemoryVault();
  const vault = switchableVault(memory);
  beforeAll(async () => {
    t = await startTestServer({ vault });
    admin = apiClient(t.server, { cookie: await t.login() });
  });
  afterAll(() => t.stop());

  const provider = (body: Record<string, unknown>) => admin.post('/ai-providers', { defaultModel: 'm', ...body });
  const issuePaths = (body: { error: { details: { path: string }[] } }) => body.error.details.map((d) => d.path);

  it('validates each provider slug and names the fields', async () => {
    const custom = await provider({ name: 'c', provider: 'custom' });
    expect(custom.status).toBe(400);
    expect(issuePaths(custom.body)).toEqual(['baseUrl']);
    expect((await provider({ name: 'g', provider: 'gateway' })).status).toBe(400);
    const azure = await provider({ name: 'a', provider: 'azure', config: { resource: 'res' } });
    expect(issuePaths(azure.body)).toEqual(['config.deployment', 'config.apiVersion']);
    const azureOk = await provider({
      name: 'a',
      provider: 'azure',
      baseUrl: 'https://x.openai.azure.com',
      config: { deployment: 'd', apiVersion: '2024-10-21' },
    });
    expect(azureOk.status).toBe(201);
    const bedrock = await provider({ name: 'b', provider: 'bedrock', config: { region: 'nowhere' } });
    expect(issuePaths(bedrock.body)).toEqual(['config.region', 'secretId']);
    const notAws = await admin.post('/secrets', { name: 'not aws', value: 'plain-string' });
    const wrongSecret = await provider({ name: 'b', provider: 'bedrock', config: { region: 'us-east-1' }, secretId: notAws.body.id });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.text).not.toContain('plain-string');
    const aws = await admin.post('/secrets', {
      name: 'aws',
      value: JSON.stringify({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'bedrock-canary' }),
    });
    expect((await provider({ name: 'b', provider: 'bedrock', config: { region: 'us-east-1' }, secretId: aws.body.id })).status).toBe(201);
    const ollama = await provider({ name: 'o', provider: 'ollama' });
    expect(ollama.body.baseUrl).toBe('http://127.0.0.1:11434');
    const hosted = await provider({ name: 'h', provider: 'anthropic', authMethod: 'hosted' });
    expect(issuePaths(hosted.body)).toEqual(['baseUrl', 'secretId']);
  });

  it('refuses a duplicate name in the same project with 409, case-insensitively', async () => {
    expect((await provider({ name: 'dup', provider: 'openai' })).status).toBe(201);
    const clash = await provider({ name: 'DUP', provider: 'anthropic' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('conflict');
    expect((await admin.post('/secrets', { name: 'aws', value: 'x' })).status).toBe(409);
  });

  it('patches: absent fields unchanged, null clears, per-slug rules still hold', async () => {
    const created = await provider({ name: 'patchme', provider: 'openai', baseUrl: 'https://proxy.example/v1', config: { org: 'o' } });
    const id = created.body.id;
    const renamed = await admin.patch(`/ai-providers/${id}`, { name: 'patched' });
    expect(renamed.body).toMatchObject({ name: 'patched', baseUrl: 'https://proxy.example/v1', config: { org: 'o' } });
    const cleared = await admin.patch(`/ai-providers/${id}`, { baseUrl: null, config: null });
    expect(cleared.body).toMatchObject({ name: 'patched', baseUrl: null, config: null });
    const custom = await provider({ name: 'custom one', provider: 'custom', baseUrl: 'http://127.0.0.1:9/v1' });
    expect((await admin.patch(`/ai-providers/${custom.body.id}`, { baseUrl: null })).status).toBe(400);
    expect((await admin.patch(`/ai-providers/${id}`, { provider: 'anthropic' })).status).toBe(400);
    expect((await admin.patch(`/ai-providers/${id}`, { name: 'dup' })).status).toBe(409);
  });

  it('refuses to delete a linked secret unless forced, which unlinks', async () => {
    const secret = await admin.post('/secrets', { name: 'linked', value: 'linked-value' });
    const p = await provider({ name: 'uses linked', provider: 'anthropic', secretId: secret.body.id });
    const refused = await admin.delete(`/secrets/${secret.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.linkedProviderIds).toEqual([p.body.id]);
    expect((await admin.delete(`/secrets/${secret.body.id}?force=true`)).status).toBe(200);
    expect((await admin.get(`/ai-providers/${p.body.id}`)).body.secretId).toBeNull();
    expect((await admin.get(`/secrets/${secret.body.id}`)).status).toBe(404);
  });

  it('rotates a secret: same id, new fingerprint, rotatedAt set', async () => {
    const secret = await admin.post('/secrets', { name: 'rotating', value: 'first-value' });
    const rotated = await admin.post(`/secrets/${secret.body.id}/rotate`, { value: 'second-value' });
    expect(rotated.status).toBe(200);
    expect(rotated.body.id).toBe(secret.body.id);
    expect(rotated.body.fingerprint).not.toBe(secret.body.fingerprint);
    expect(rotated.body.rotatedAt).not.toBeNull();
    expect(await t.core.secrets.readValue(secret.body.id)).toBe('second-value');
  });

  it('answers 503 when the vault fails and leaves the database unchanged', async () => {
    const before = (await admin.get('/secrets?limit=500')).body;
    const existing = before.items[0];
    const auditBefore = (await admin.get('/audit-events?limit=500')).body.items.filter((e: { action: string }) =>
      e.action.startsWith('secrets:'),
    ).length;
    vault.fail = true;
    try {
      const create = await admin.post('/secrets', { name: 'never stored', value: 'v' });
      expect(create.status).toBe(503);
      expect(create.body.error.code).toBe('vault_unavailable');
      expect(create.headers.get('retry-after')).toBe('30');
      expect((await admin.post(`/secrets/${existing.id}/rotate`, { value: 'v2' })).status).toBe(503);
      expect((await admin.delete(`/secrets/${existing.id}?force=true`)).status).toBe(503);
    } finally {
      vault.fail = false;
    }
    expect((await admin.get('/secrets?limit=500')).body).toEqual(before);
    expect(
      (await admin.get('/audit-events?limit=500')).body.items.filter((e: { action: string }) => e.action.startsWith('secrets:')).length,
    ).toBe(auditBefore);
  });

  it('takes the vault write back when the database refuses the row (no orphaned values)', async () => {
    const valuesBefore = memory.size();
    const defaultProjectId = await t.core.projects.defaultProjectId();
    vault.afterSet = async () => {
      // Another writer takes the name between the vault write and the insert.
      const other = await peekStore(t);
      await other.write(
        "INSERT INTO secrets VALUES ('sec_0000000000000000race', ?, 'raced', 'sha256:000000000000', 'memory', ?, ?, NULL)",
        defaultProjectId,
        '2026-01-01T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
      );
      await other.close();
    };
    try {
      const raced = await admin.post('/secrets', { name: 'raced', value: 'raced-value' });
      expect(raced.status, JSON.stringify(raced.body)).toBe(409);
    } finally {
      vault.afterSet = null;
    }
    expect(memory.size()).toBe(valuesBefore);
  });

  it('pages with cursors', async () => {
    for (let i = 0; i < 5; i++) await provider({ name: `paged ${i}`, provider: 'groq' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await admin.get(
        `/ai-providers?provider=groq&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.body.items.map((p) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(5);
    expect(new Set(seen).size).toBe(5);
    expect((await admin.get('/ai-providers?cursor=garbage')).status).toBe(400);
  });

  it('scopes a token to its own project', async () => {
    const other = await admin.post('/projects', { name: 'Other' });
    const foreign = await provider({ name: 'foreign', provider: 'openai', projectId: other.body.id });
    const token = await admin.post('/tokens', {
      name: 'scoped',
      kind: 'api',
      permissions: ['aiProviders:ListAiProviders', 'aiProviders:GetAiProvider', 'aiProviders:CreateAiProvider'],
    });
    const mine = await admin.get('/ai-providers?limit=500', { token: token.body.value });
    expect(mine.body.items.every((p: { projectId: string }) => p.projectId === token.body.token.projectId)).toBe(true);
    expect((await admin.get(`/ai-providers/${foreign.body.id}`, { token: token.body.value })).status).toBe(404);
    expect((await admin.get(`/ai-providers?projectId=${other.body.id}`, { token: token.body.value })).status).toBe(404);
    const create = await admin.post(
      '/ai-providers',
      { name: 'x', provider: 'openai', defaultModel: 'm', projectId: other.body.id },
      { token: token.body.value },
    );
    expect(create.status).toBe(404);
    await expect(t.core.aiProviders.resolveForProxy(token.body.token.projectId, foreign.body.id)).rejects.toThrow(/not found/);

    const foreignSecret = await admin.post('/secrets', { name: 'foreign secret', value: 'v', projectId: other.body.id });
    const foreignToken = await admin.post('/tokens', { name: 'foreign token', kind: 'job', projectId: other.body.id });
    const reader = await admin.post('/tokens', {
      name: 'reader',
      kind: 'api',
      permissions: [
        'secrets:ListSecrets',
        'secrets:GetSecret',
        'secrets:DeleteSecret',
        'tokens:ListTokens',
        'tokens:RevokeToken',
        'auditEvents:ListAuditEvents',
        'projects:ListProjects',
        'projects:GetProject',
      ],
    });
    const as = { token: reader.body.value };
    const ownProject = reader.body.token.projectId;
    for (const listPath of ['/secrets?limit=500', '/tokens?limit=500', '/audit-events?limit=500']) {
      const items = (await admin.get(listPath, as)).body.items as { projectId: string }[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((item) => item.projectId === ownProject)).toBe(true);
    }
    expect((await admin.get('/projects', as)).body.items.map((p: { id: string }) => p.id)).toEqual([ownProject]);
    expect((await admin.get(`/projects/${other.body.id}`, as)).status).toBe(404);
    expect((await admin.get(`/secrets/${foreignSecret.body.id}`, as)).status).toBe(404);
    expect((await admin.delete(`/secrets/${foreignSecret.body.id}`, as)).status).toBe(404);
    expect((await admin.delete(`/tokens/${foreignToken.body.token.id}`, as)).status).toBe(404);
    expect((await admin.get(`/secrets/${foreignSecret.body.id}`)).status).toBe(200);
  });

  it('resolves a slug with several providers as 409 listing their ids', async () => {
    const projectId = await t.core.projects.defaultProjectId();
    await expect(t.core.aiProviders.resolveForProxy(projectId, 'groq')).rejects.toMatchObject({ code: 'conflict' });
    await expect(t.core.aiProviders.resolveForProxy(projectId, 'xai')).rejects.toMatchObject({ code: 'not_found' });
  });
});
