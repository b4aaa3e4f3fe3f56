import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetStatus } from '../../shared/operations/budgets';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/**
 * Spend caps and input-token limits hold under concurrency: each request's estimate is reserved
 * before the upstream is called, so 10×N concurrent requests against a cap sized for N never
 * together pass it, JSON or streamed, and the refused ones never reach the upstream.
 */
let h: ProxyHarness;

// The estimate: a token per 4 bytes of body plus the 10 output tokens asked for, at claude-sonnet-4-5's
// $3/$15 per million — 23×3 + 10×15 = 219 micro-dollars for the 89-byte JSON body. The fake upstream
// reports 11 in + 6 out = 33 + 90 = 123.
const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
const streamedBody = JSON.stringify({
  model: 'claude-sonnet-4-5',
  max_tokens: 10,
  stream: true,
  messages: [{ role: 'user', content: 'hi' }],
});
const estimateOf = (payload: string) => Math.ceil(Buffer.byteLength(payload) / 4) * 3 + 10 * 15;
const estimate = estimateOf(body);
const actual = 123;
const n = 5;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [{ slug: 'anthropic' }, { slug: 'anthropic', name: 'anthropic capped' }],
    tokens: [
      { name: 'capped json', limits: { spendCapUsd: (n * estimate) / 1_000_000 } },
      { name: 'streams' },
      { name: 'input limited', limits: { inputTokensPerMinute: n * 23 } },
    ],
  });
});
afterAll(() => h.stop());

/** The first AI provider unless another is named (two of one slug: routes name them by id). */
const send = (token: number, provider = h.providers[0]!.id, payload = body) =>
  fetch(`${h.endpoint}/ai/${provider}/v1/messages`, { method: 'POST', headers: { 'x-api-key': h.tokens[token]!.value }, body: payload });

/** Sends `count` requests at once; answers with their statuses, headers and bodies, read whole. */
async function burst(count: number, request: () => Promise<Response>) {
  const answers = await Promise.all(Array.from({ length: count }, request));
  const bodies = await Promise.all(answers.map((answer) => answer.text()));
  return { statuses: answers.map((answer) => answer.status), answers, bodies };
}

/** The token's usage rows once all `count` of its requests have one (read as another process would, on either store). */
async function rowsOf(tokenId: string, count: number) {
  const mine = async () => (await h.waitForRows(0)).filter((row) => row.tokenId === tokenId);
  for (let i = 0; i < 400 && (await mine()).length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const rows = await mine();
  expect(rows).toHaveLength(count);
  return rows;
}

describe('spend caps hold under concurrency', () => {
  it(`a token cap sized for ${n} requests, hit by ${10 * n} at once (JSON): spend stays within the cap, the rest never reach the upstream`, async () => {
    const tokenId = h.tokens[0]!.token.id;
    const before = h.fake.received.length;
    const { statuses } = await burst(10 * n, () => send(0));
    const admitted = statuses.filter((status) => status === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(n);
    expect(statuses.every((status) => status === 200 || status === 402 || status === 429)).toBe(true);
    expect(h.fake.received.length - before).toBe(admitted);
    const rows = await rowsOf(tokenId, 10 * n);
    const spent = rows.reduce((sum, row) => sum + (row.costMicroUsd ?? 0), 0);
    expect(spent).toBe(admitted * actual);
    expect(spent).toBeLessThanOrEqual(n * estimate + (estimate - actual));
  });

  it(`a daily budget on an AI provider, hit by ${10 * n} streamed requests at once: the same`, async () => {
    const capped = h.providers[1]!;
    const streamedEstimate = estimateOf(streamedBody);
    const budget = (await h.core.invoke(
      'createBudget',
      { name: 'capped provider', scope: 'aiProvider', scopeId: capped.id, period: 'daily', capUsd: (n * streamedEstimate) / 1_000_000 },
      adminSessionActor,
    )) as BudgetStatus;
    const before = h.fake.received.length;
    const { statuses, answers } = await burst(10 * n, () => send(1, capped.id, streamedBody));
    const admitted = statuses.filter((status) => status === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(n);
    expect(h.fake.received.length - before).toBe(admitted);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const rows = await rowsOf(h.tokens[1]!.token.id, 10 * n);
    const spent = rows.reduce((sum, row) => sum + (row.costMicroUsd ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(n * streamedEstimate + (streamedEstimate - actual));
    // The ledger agrees with the rows once everything has settled: nothing is left reserved.
    const status = (await h.core.invoke('getBudget', { budgetId: budget.id }, adminSessionActor)) as BudgetStatus;
    expect(status).toMatchObject({ spentMicroUsd: spent, reservedMicroUsd: 0, periodEnd: expect.any(String) });
  });

  it(`input tokens per minute sized for ${n} estimates, hit by ${10 * n} at once: never more than the limit is used`, async () => {
    const before = h.fake.received.length;
    const { statuses, bodies } = await burst(10 * n, () => send(2));
    const admitted = statuses.filter((status) => status === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(n);
    expect(h.fake.received.length - before).toBe(admitted);
    const refused = JSON.parse(bodies[statuses.indexOf(429)]!) as { error: unknown };
    expect(refused.error).toMatchObject({ code: 'rate_limited', details: { limit: 'inputTokensPerMinute' } });
    const rows = await rowsOf(h.tokens[2]!.token.id, 10 * n);
    expect(rows.reduce((sum, row) => sum + row.inputTokens, 0)).toBeLessThanOrEqual(n * 23);
  });
});
