import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { apiClient, type ApiClient } from '../support/api-client';
import { canaryKey, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';
import { testClock } from '../support/test-clock';

/** Optional request/response body capture: off by default, per project, redacted, bounded, pruned, behind its own permission. */
let h: ProxyHarness;
let admin: ApiClient;
const clock = testClock();
/** A key a client pasted into its prompt, and one the model repeats in its answer. */
const promptCanary = `sk-ant-api03-${'P'.repeat(40)}`;
const answerCanary = `sk-proj-${'A'.repeat(40)}`;
const tokenCanary = `sb_${'T'.repeat(43)}`;

beforeAll(async () => {
  h = await startProxyHarness({ clock, providers: [{ slug: 'anthropic' }, { slug: 'openai' }] });
  const cookie = (await fetch(h.server.loginUrl, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
  admin = apiClient(h.server, { cookie });
});
afterAll(() => h.stop());

const projectId = () => h.tokens[0]!.token.projectId;

async function ask(prompt: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.endpoint}/ai/anthropic/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 32, messages: [{ role: 'user', content: prompt }] }),
  });
  const text = await response.text();
  const row = await h.rowOf(response);
  await h.core.bodyKeeper.flush();
  return { response, text, row };
}

async function capture(enabled: boolean, days?: number) {
  const changed = await admin.patch(`/projects/${projectId()}/body-capture`, days === undefined ? { enabled } : { enabled, days });
  expect(changed.status).toBe(200);
  return changed.body;
}

describe('request and response bodies', () => {
  it('keeps nothing while capture is off (the default)', async () => {
    expect((await admin.get(`/projects/${projectId()}/body-capture`)).body).toEqual({ projectId: projectId(), enabled: false, days: null });
    const { row } = await ask('hello, nobody keeps this');
    const bodies = await admin.get(`/requests/${row.requestId}/bodies`);
    expect(bodies.status).toBe(404);
    expect(bodies.body.error.code).toBe('not_found');
  });

  it('keeps both bodies once on, redacted: keys in the prompt, the answer, and the provider key an upstream echoed', async () => {
    expect(await capture(true, 3)).toEqual({ projectId: projectId(), enabled: true, days: 3 });
    const prompt = `my key is ${promptCanary}, token ${tokenCanary}, "api_key": "plain-secret-value"`;
    const { row, text } = await ask(prompt, { 'x-fake-marker': answerCanary });
    expect(text).toContain(answerCanary); // the client gets its answer untouched
    const bodies = await admin.get(`/requests/${row.requestId}/bodies`);
    expect(bodies.status).toBe(200);
    expect(bodies.body).toMatchObject({ requestId: row.requestId, projectId: projectId() });
    expect(Date.parse(bodies.body.expiresAt) - Date.parse(row.at)).toBe(3 * 86_400_000);
    expect(bodies.body.request.text).toContain('my key is [redacted]');
    expect(bodies.body.request.truncated).toBe(false);
    expect(bodies.body.response.text).toContain('"text":"[redacted]');
    for (const secret of [promptCanary, tokenCanary, 'plain-secret-value', answerCanary]) expect(bodies.text).not.toContain(secret);

    // An upstream that echoes the injected provider key: the client sees it scrubbed, and so does the capture.
    const echoed = await ask('who am I', { 'x-fake-status': '401', 'x-fake-echo-key': '1' });
    const kept = await admin.get(`/requests/${echoed.row.requestId}/bodies`);
    expect(kept.body.response.text).toContain('invalid x-api-key');
    expect(kept.text).not.toContain(canaryKey('anthropic'));

    if (h.core.storeKind === 'sqlite') {
      const files = ['', '-wal'].map((suffix) => `${h.core.db.name}${suffix}`).filter(existsSync);
      const onDisk = files.map((file) => readFileSync(file, 'latin1')).join('');
      for (const secret of [promptCanary, answerCanary, canaryKey('anthropic')]) expect(onDisk).not.toContain(secret);
    }
  });

  it('keeps a streamed answer assembled, and cuts a long body at 64 KiB with a marker', async () => {
    await capture(true, 3);
    const response = await fetch(`${h.endpoint}/ai/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json', 'x-fake-chunks': '5', 'x-fake-marker': 'piece' },
      body: JSON.stringify({ model: 'gpt-4.1-mini', stream: true, messages: [{ role: 'user', content: 'count' }] }),
    });
    const streamed = await response.text();
    const row = await h.rowOf(response);
    await h.core.bodyKeeper.flush();
    const kept = (await admin.get(`/requests/${row.requestId}/bodies`)).body;
    expect(kept.response.text).toBe(streamed);
    expect(kept.response.bytes).toBe(Buffer.byteLength(streamed));

    const long = 'x'.repeat(100 * 1024);
    const { row: longRow } = await ask(long);
    const cut = (await admin.get(`/requests/${longRow.requestId}/bodies`)).body;
    expect(cut.request.truncated).toBe(true);
    expect(cut.request.bytes).toBeGreaterThan(100 * 1024);
    expect(cut.request.text).toMatch(/\n\[truncated: \d+ bytes in all, the first 65536 kept\]$/);
    expect(Buffer.byteLength(cut.request.text)).toBeLessThan(64 * 1024 + 100);
  });

  it('is read only with requests:ReadBodies, and never across projects', async () => {
    await capture(true, 3);
    const { row } = await ask('permission check');
    const reader = (await admin.post('/tokens', { name: 'bodies reader', kind: 'api', permissions: ['requests:ReadBodies'] })).body;
    const lister = (await admin.post('/tokens', { name: 'log reader', kind: 'api', permissions: ['requests:ListRequests'] })).body;
    expect((await admin.get(`/requests/${row.requestId}/bodies`, { token: reader.value })).status).toBe(200);
    const refused = await admin.get(`/requests/${row.requestId}/bodies`, { token: lister.value });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('permission check');
    const other = (await h.core.invoke('createProject', { name: `other-${Date.now()}` }, adminSessionActor)) as { id: string };
    const outsider = (
      await admin.post('/tokens', { name: 'outsider', kind: 'api', projectId: other.id, permissions: ['requests:ReadBodies'] })
    ).body;
    expect((await admin.get(`/requests/${row.requestId}/bodies`, { token: outsider.value })).status).toBe(404);
  });

  it('refuses days outside 1..30 with a 400 naming the field', async () => {
    for (const days of [0, 31]) {
      const refused = await admin.patch(`/projects/${projectId()}/body-capture`, { enabled: true, days });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('days');
    }
  });
  it('stops capturing when turned off, and the retention job prunes pairs past their days', async () => {
    await capture(true, 1);
    const { row: kept } = await ask('kept one day');
    expect(await capture(false)).toEqual({ projectId: projectId(), enabled: false, days: null });
    const { row: notKept } = await ask('not kept');
    expect((await admin.get(`/requests/${notKept.requestId}/bodies`)).status).toBe(404);
    expect((await admin.get(`/requests/${kept.requestId}/bodies`)).status).toBe(200);

    // A day later (the admin session has expired by then: the core is asked directly).
    clock.advance(86_400_000 + 1_000);
    await h.core.retention.prune();
    await expect(h.core.invoke('getRequestBodies', { requestId: kept.requestId }, adminSessionActor)).rejects.toMatchObject({
      code: 'not_found',
    });
    // The usage row itself is under the request log's own (longer) retention.
    const log = (await h.core.invoke('listRequests', { requestId: kept.requestId }, adminSessionActor)) as { items: unknown[] };
    expect(log.items).toHaveLength(1);
  });
});
