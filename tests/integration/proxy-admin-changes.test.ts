import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { errorOf, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

let h: ProxyHarness;

// A long lookup cache: anything that takes effect below did so because the change dropped it.
beforeAll(async () => {
  h = await startProxyHarness({
    providers: [{ slug: 'anthropic', defaultModel: 'claude-haiku-4-5' }, { slug: 'openai' }],
    tokens: [{ name: 'to revoke' }, { name: 'to limit' }, { name: 'steady' }, { name: 'revoked elsewhere' }],
    options: { lookupCacheMs: 600_000 },
  });
});
afterAll(() => h.stop());

const body = JSON.stringify({ max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
const send = (index: number, slug = 'anthropic') =>
  fetch(`${h.endpoint}/ai/${slug}/v1/messages`, { method: 'POST', headers: { 'x-api-key': h.tokens[index]!.value }, body });
const admin = (operation: string, input: unknown) => h.core.invoke(operation as never, input as never, adminSessionActor);

it('a revoked token is refused from the very next request, while other tokens keep working', async () => {
  expect((await send(0)).status).toBe(200);
  await admin('revokeToken', { tokenId: h.tokens[0]!.token.id });
  const refused = await send(0);
  expect(refused.status).toBe(401);
  expect((await errorOf(refused)).message).toMatch(/revoked/);
  expect((await send(2)).status).toBe(200);
});

it('a token revoked by another process (the CLI) is refused within a second', async () => {
  expect((await send(3)).status).toBe(200);
  const other = await h.peek();
  await other.write('UPDATE tokens SET revoked_at = ? WHERE id = ?', new Date().toISOString(), h.tokens[3]!.token.id);
  // The proxy looks for other processes' writes every ~100 ms, not on every request.
  await vi.waitFor(async () => expect((await send(3)).status).toBe(401), { timeout: 1_000, interval: 20 });
});

it('new token limits apply from the next request', async () => {
  expect((await send(1)).status).toBe(200);
  await admin('updateToken', { tokenId: h.tokens[1]!.token.id, limits: { requestsPerMinute: 1 } });
  const limited = await send(1);
  expect(limited.status).toBe(429);
  expect(await errorOf(limited)).toMatchObject({ code: 'rate_limited', details: { limit: 'requestsPerMinute' } });
});

it('an edited AI provider is used as edited, and a deleted one is gone, from the next request', async () => {
  const anthropic = h.providers.find((p) => p.provider === 'anthropic')!;
  expect((await send(2)).status).toBe(200);
  expect(JSON.parse(h.fake.received.at(-1)!.body).model).toBe('claude-haiku-4-5');

  await admin('updateAiProvider', { aiProviderId: anthropic.id, defaultModel: 'claude-sonnet-4-5' });
  expect((await send(2)).status).toBe(200);
  expect(JSON.parse(h.fake.received.at(-1)!.body).model).toBe('claude-sonnet-4-5');

  await admin('deleteAiProvider', { aiProviderId: anthropic.id });
  const gone = await send(2);
  expect(gone.status).toBe(404);
  expect((await send(2, 'openai')).status).not.toBe(404);
});
