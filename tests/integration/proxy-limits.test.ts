import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';
import { writeDailyRollups } from '../support/usage-rollups';

let h: ProxyHarness;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [{ slug: 'anthropic' }, { slug: 'openai' }],
    tokens: [
      { name: 'rpm', limits: { requestsPerMinute: 2 } },
      { name: 'tpm', limits: { inputTokensPerMinute: 15 } },
      { name: 'cap', limits: { spendCapUsd: 0.0001 } },
      { name: 'only-openai', allowedProviders: ['openai'] },
      { name: 'spent-before', limits: { spendCapUsd: 0.0001 } },
    ],
  });
});
afterAll(() => h.stop());

const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
const send = (index: number, slug = 'anthropic') =>
  fetch(`${h.endpoint}/ai/${slug}/v1/messages`, { method: 'POST', headers: { 'x-api-key': h.tokens[index]!.value }, body });

describe('token limits, checked before any upstream call', () => {
  it('requests per minute: the third request is a 429 with Retry-After and never reaches the upstream', async () => {
    expect((await send(0)).status).toBe(200);
    expect((await send(0)).status).toBe(200);
    const received = h.fake.received.length;
    const refused = await send(0);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await errorOf(refused)).toMatchObject({ code: 'rate_limited', details: { limit: 'requestsPerMinute' } });
    expect(h.fake.received.length).toBe(received);
    expect(await h.rowOf(refused)).toMatchObject({ tokenId: h.tokens[0]!.token.id, status: 429, outcome: 'rate_limited', inputTokens: 0 });
  });

  it('input tokens per minute count what earlier requests used', async () => {
    expect((await send(1)).status).toBe(200); // 11
    expect((await send(1)).status).toBe(200); // 22 ≥ 15 afterwards
    const refused = await send(1);
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).details).toEqual({ limit: 'inputTokensPerMinute' });
  });

  it('the spend cap refuses once reached and emits token.spendCapReached once', async () => {
    const events: unknown[] = [];
    const off = h.core.events.on('token.spendCapReached', (event) => events.push(event));
    expect((await send(2)).status).toBe(200); // 123 micro-dollars ≥ the 100 cap
    const refused = await send(2);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect((await errorOf(refused)).details).toEqual({ limit: 'spendCapUsd' });
    expect((await send(2)).status).toBe(429);
    off();
    const cap = h.tokens[2]!.token;
    expect(events).toEqual([{ tokenId: cap.id, tokenName: cap.name, projectId: cap.projectId }]);
  });

  it('the spend cap counts what the token spent before this process started', async () => {
    const spender = h.tokens[4]!;
    await writeDailyRollups(await h.peek(), [
      { day: '2026-01-01', projectId: spender.token.projectId, tokenId: spender.token.id, costMicroUsd: 150 },
    ]);
    const received = h.fake.received.length;
    const refused = await send(4);
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).details).toEqual({ limit: 'spendCapUsd' });
    expect(h.fake.received.length).toBe(received);
  });

  it('a token limited to some providers gets 403 for the others', async () => {
    const refused = await send(3);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('forbidden');
    const allowed = await fetch(`${h.endpoint}/ai/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens[3]!.value}` },
      body: JSON.stringify({ model: 'gpt-4o', messages: [] }),
    });
    expect(allowed.status).toBe(200);
  });
});
