import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../shared/operations';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/** The request log over real proxied requests: found by request id, filtered, paged, permissioned. */
let h: ProxyHarness;
let cookie: string;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [
      { slug: 'anthropic', name: 'claude' },
      { slug: 'openai', name: 'gpt' },
    ],
    tokens: [{ name: 'deploy job', labels: { pipeline: 'deploy' } }, { name: 'lint job' }],
  });
  const login = await fetch(h.server.loginUrl, { redirect: 'manual' });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => h.stop());

function call(provider: 'anthropic' | 'openai', token: number, headers: Record<string, string> = {}) {
  const path = provider === 'anthropic' ? '/v1/messages' : '/v1/chat/completions';
  const body =
    provider === 'anthropic'
      ? { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }
      : { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] };
  return fetch(`${h.endpoint}/ai/${provider}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[token]!.value, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function list(query: string, credential: Record<string, string> = { cookie }) {
  const response = await fetch(`${h.server.apiBaseUrl}/requests?${query}`, { headers: credential });
  return { status: response.status, body: (await response.json()) as { items: RequestLogEntry[]; nextCursor: string | null } };
}

it('finds a failed request by the x-request-id it answered with: status, error message, labels, route and attempts', async () => {
  const failed = await call('anthropic', 0, { 'x-fake-status': '500', 'x-switchboard-label-job': '42' });
  expect(failed.status).toBe(500);
  await failed.text();
  const requestId = failed.headers.get('x-request-id')!;
  await h.rowOf(requestId);

  const found = await list(`requestId=${requestId}`);
  expect(found.status).toBe(200);
  expect(found.body.items).toHaveLength(1);
  const entry = found.body.items[0]!;
  expect(entry).toMatchObject({
    requestId,
    status: 500,
    outcome: 'upstream_error',
    provider: 'anthropic',
    route: 'anthropic',
    model: 'claude-haiku-4-5',
    attempts: 1,
    labels: { pipeline: 'deploy', job: '42' },
  });
  expect(entry.errorMessage).toBeTruthy();
  expect(entry.errorMessage).not.toContain('sk-canary');
  expect(entry.overheadMs).toBeGreaterThanOrEqual(0);
  // A request id from long ago is still found without naming its time range.
  const old = await list(`requestId=${requestId}&since=2020-01-01T00:00:00Z&until=2020-01-02T00:00:00Z`);
  expect(old.body.items.map((e) => e.requestId)).toEqual([requestId]);
});

it('filters by status class, error code, pipeline, provider, model and token, newest first', async () => {
  for (let i = 0; i < 3; i++) await (await call('openai', 1)).text();
  const refused = await call('openai', 1, { 'x-fake-status': '429' });
  await refused.text();
  await h.rowOf(refused);

  const lint = await list(`tokenId=${h.tokens[1]!.token.id}`);
  expect(lint.body.items.map((e) => e.status)).toEqual([429, 200, 200, 200]);
  expect((await list('status=5xx')).body.items.every((e) => e.status >= 500)).toBe(true);
  expect((await list('status=4xx')).body.items.map((e) => e.status)).toEqual([429]);
  expect((await list('status=error')).body.items.map((e) => e.status).sort()).toEqual([429, 500]);
  expect((await list('errorCode=upstream_error&provider=openai')).body.items.map((e) => e.status)).toEqual([429]);
  expect((await list('pipeline=deploy')).body.items.every((e) => e.labels.pipeline === 'deploy')).toBe(true);
  expect((await list('pipeline=deploy')).body.items.length).toBeGreaterThan(0);
  expect((await list('model=gpt-4.1-mini')).body.items).toHaveLength(4);
  expect((await list(`provider=${h.providers[1]!.id}`)).body.items).toHaveLength(4);
  expect((await list('since=2020-01-01T00:00:00Z&until=2020-01-02T00:00:00Z')).body.items).toEqual([]);
});

it('pages newest first with a keyset cursor: every request once, none twice', async () => {
  const all = (await list('limit=500')).body.items;
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: RequestLogEntry[]; nextCursor: string | null } } = await list(
      `limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    seen.push(...page.body.items.map((e) => e.requestId));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(seen).toEqual(all.map((e) => e.requestId));
  expect([...all.map((e) => e.at)].sort().reverse()).toEqual(all.map((e) => e.at));
});

it('answers bad filters with a 400, never a 500 (the permission is in the permission matrix)', async () => {
  expect((await list('status=6xx')).status).toBe(400);
  expect((await list('cursor=nonsense')).status).toBe(400);
  expect((await list('since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z')).status).toBe(400);
  expect((await list('errorCode=DROP%20TABLE')).status).toBe(400);
});
