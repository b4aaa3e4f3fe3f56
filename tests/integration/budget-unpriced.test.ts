import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import publishedPrices from '../../resources/prices.json';
import type { PriceTableChanges } from '../../shared/operations/prices';
import type { SystemStatus } from '../../shared/operations/system';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { errorOf, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/** No unpriced way around a cap: a model without a price is refused under a cap, unless priced or allowed. */
let h: ProxyHarness;
const admin = adminSessionActor;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [{ slug: 'anthropic' }],
    tokens: [{ name: 'capped', limits: { spendCapUsd: 1 } }, { name: 'uncapped' }, { name: 'budgeted' }],
  });
});
afterAll(() => h.stop());

const ask = (token: number, model: string) =>
  fetch(`${h.endpoint}/ai/anthropic/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[token]!.value },
    body: JSON.stringify({ model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('models without a price', () => {
  it('are refused under a capped scope, before the upstream, with a message naming the model and the fix', async () => {
    const received = h.fake.received.length;
    const refused = await ask(0, 'claude-nova-9');
    expect(refused.status).toBe(403);
    const error = await errorOf(refused);
    expect(error).toMatchObject({ code: 'forbidden', details: { limit: 'unpricedModel', model: 'claude-nova-9' } });
    expect(error.message).toContain('Model claude-nova-9 has no price');
    expect(error.message).toContain('set a custom price for claude-nova-9 on AI provider anthropic test');
    expect(h.fake.received.length).toBe(received);
  });

  it('pass where nothing is capped, recorded as unpriced', async () => {
    const answer = await ask(1, 'claude-nova-9');
    expect(answer.status).toBe(200);
    expect(await h.rowOf(answer)).toMatchObject({ model: 'claude-nova-9', costMicroUsd: null });
  });

  it('pass under a budget that allows unpriced use', async () => {
    const tokenId = h.tokens[2]!.token.id;
    const input = { name: 'lenient', scope: 'token', scopeId: tokenId, period: 'monthly', capUsd: 1, allowUnpriced: true };
    const budget = (await h.core.invoke('createBudget', input, admin)) as { id: string };
    expect((await ask(2, 'claude-nova-9')).status).toBe(200);
    await h.core.invoke('updateBudget', { budgetId: budget.id, allowUnpriced: false }, admin);
    expect((await ask(2, 'claude-nova-9')).status).toBe(403);
  });

  it('with a custom price set on the AI provider, are admitted and costed at that price (a dated snapshot too)', async () => {
    const provider = h.providers[0]!;
    const price = { aiProviderId: provider.id, model: 'claude-nova-9', input: 10, output: 50, cacheRead: 1, cacheWrite: 12.5 };
    await h.core.invoke('setCustomPrice', price, admin);
    const answer = await ask(0, 'claude-nova-9-20261101');
    expect(answer.status).toBe(200);
    // The fake upstream reports 11 input and 6 output tokens: 110 + 300 micro-dollars.
    expect(await h.rowOf(answer)).toMatchObject({ costMicroUsd: 410 });
    const listed = (await h.core.invoke('listCustomPrices', { aiProviderId: provider.id }, admin)) as { items: unknown[] };
    expect(listed.items).toEqual([expect.objectContaining({ model: 'claude-nova-9', input: 10, output: 50 })]);
    const events = (await h.core.invoke('listAuditEvents', { targetId: provider.id }, admin)) as { items: { changedFields: string[] }[] };
    expect(events.items[0]!.changedFields).toEqual(['prices.claude-nova-9']);

    await h.core.invoke('deleteCustomPrice', { aiProviderId: provider.id, model: 'claude-nova-9' }, admin);
    expect((await ask(0, 'claude-nova-9')).status).toBe(403);
  });
});

describe('importing a newer price table', () => {
  const newer = {
    ...publishedPrices,
    asOf: '2099-01-01',
    models: {
      ...publishedPrices.models,
      'claude-nova-9': { input: 2, output: 8, cacheRead: 0.2, cacheWrite: 2.5 },
      'claude-sonnet-4-5': { input: 4, output: 16, cacheRead: 0.4, cacheWrite: 5 },
    },
  };

  it('shows what changed (a dry run keeps the table in use), then replaces it', async () => {
    const dry = (await h.core.invoke('importPriceTable', { table: newer, dryRun: true }, admin)) as PriceTableChanges;
    expect(dry).toMatchObject({
      previousAsOf: publishedPrices.asOf,
      asOf: '2099-01-01',
      added: [{ model: 'claude-nova-9', price: { input: 2, output: 8, cacheRead: 0.2, cacheWrite: 2.5 } }],
      removed: [],
      changed: [{ model: 'claude-sonnet-4-5', before: { input: 3, output: 15 }, after: { input: 4, output: 16 } }],
    });
    expect(((await h.core.invoke('getSystemStatus', {}, admin)) as SystemStatus).priceTable.asOf).toBe(publishedPrices.asOf);
    expect((await ask(0, 'claude-nova-9')).status).toBe(403);

    await h.core.invoke('importPriceTable', { table: newer }, admin);
    expect(((await h.core.invoke('getSystemStatus', {}, admin)) as SystemStatus).priceTable.asOf).toBe('2099-01-01');
    const answer = await ask(0, 'claude-nova-9');
    expect(answer.status).toBe(200);
    expect(await h.rowOf(answer)).toMatchObject({ costMicroUsd: 11 * 2 + 6 * 8 });
  });

  it('refuses a table that is not newer than the one in use', async () => {
    await expect(h.core.invoke('importPriceTable', { table: publishedPrices }, admin)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('not newer than the one in use (dated 2099-01-01)'),
    });
  });
});

describe('the system status', () => {
  it('names the budget nearest its cap, for the tray and the status bar', async () => {
    const status = (await h.core.invoke('getSystemStatus', {}, admin)) as SystemStatus;
    expect(status.nearestBudget).toMatchObject({ name: 'lenient', capMicroUsd: 1_000_000 });
  });
});
