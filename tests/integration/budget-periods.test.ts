import { afterEach, describe, expect, it } from 'vitest';
import type { BudgetStatus } from '../../shared/operations/budgets';
import type { CoreEvents } from '../../electron/core/events';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { errorOf, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';
import { makeTempDir } from '../support/temp-dir';
import { testClock } from '../support/test-clock';

// 89 bytes: estimated at 23 input + 10 output tokens = 219 micro-dollars at claude-sonnet-4-5's
// $3/$15; the fake upstream reports 11 in + 6 out = 123.
const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
const send = (h: ProxyHarness, tokenValue = h.tokens[0]!.value, provider = 'anthropic') =>
  fetch(`${h.endpoint}/ai/${provider}/v1/messages`, { method: 'POST', headers: { 'x-api-key': tokenValue }, body });

/** Waits (bounded) until `check` holds: alerts are recorded after the request's usage settles. */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

const harnesses: ProxyHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.stop()));
});

async function start(spec: Parameters<typeof startProxyHarness>[0]): Promise<ProxyHarness> {
  const h = await startProxyHarness(spec);
  harnesses.push(h);
  return h;
}

describe('budget periods, alerts and expired reservations', () => {
  it('a daily budget refuses until the next UTC day, starts again from zero then, and alerts once per threshold per period', async () => {
    const clock = testClock();
    // Noon UTC on some day, so that the fake clock's day boundary is predictable.
    const now = clock.now().getTime();
    clock.advance(Date.UTC(2026, 11, 1, 12) + Math.ceil((now - Date.UTC(2026, 11, 1, 12)) / 86_400_000) * 86_400_000 - now);
    const h = await start({ providers: [{ slug: 'anthropic' }], tokens: [{ name: 'daily' }], clock });
    const alerts: CoreEvents['budget.thresholdReached'][] = [];
    h.core.events.on('budget.thresholdReached', (event) => alerts.push(event));
    const budget = (await h.core.invoke(
      'createBudget',
      { name: 'daily', scope: 'token', scopeId: h.tokens[0]!.token.id, period: 'daily', capUsd: 0.0005 },
      adminSessionActor,
    )) as BudgetStatus;
    const dayStart = new Date(Date.UTC(clock.now().getUTCFullYear(), clock.now().getUTCMonth(), clock.now().getUTCDate()));
    expect(budget).toMatchObject({ periodStart: dayStart.toISOString(), spentMicroUsd: 0, timeZone: 'UTC' });

    // 123, 246, 369 spent; a fourth estimate (369 + 219 > 500) no longer fits today.
    for (let i = 0; i < 3; i++) expect((await send(h)).status).toBe(200);
    await eventually(() => alerts.length === 1);
    expect(alerts[0]).toMatchObject({ budgetId: budget.id, threshold: 50, periodStart: dayStart.toISOString(), spentMicroUsd: 369 });
    const refused = await send(h);
    expect(refused.status).toBe(429);
    expect(await errorOf(refused)).toMatchObject({ code: 'rate_limited', details: { limit: 'budget', budgetId: budget.id } });
    // Retry-After points at the next UTC midnight, twelve hours (less the seconds this test has run) away.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(12 * 3600 - 60);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(12 * 3600);
    // The budget is used up: the 80 and 100 % alerts go out, once, however many requests are refused.
    expect((await send(h)).status).toBe(429);
    await eventually(() => alerts.length === 3);
    expect(alerts.map((alert) => alert.threshold)).toEqual([50, 80, 100]);

    clock.advance(12 * 3600_000);
    expect((await send(h)).status).toBe(200);
    const nextDay = new Date(dayStart.getTime() + 86_400_000).toISOString();
    await h.waitForRows(6);
    const status = (await h.core.invoke('getBudget', { budgetId: budget.id }, adminSessionActor)) as BudgetStatus;
    expect(status).toMatchObject({ periodStart: nextDay, spentMicroUsd: 123, reservedMicroUsd: 0 });
    for (let i = 0; i < 2; i++) expect((await send(h)).status).toBe(200);
    await eventually(() => alerts.length === 4);
    expect(alerts[3]).toMatchObject({ threshold: 50, periodStart: nextDay });
  });

  it('a reservation left by a request that never finished (its process died) expires and is released', async () => {
    const clock = testClock();
    const data = makeTempDir();
    try {
      const first = await start({ providers: [{ slug: 'anthropic' }], tokens: [{ name: 'survivor' }], clock, dataDir: data.dir });
      const projectId = first.tokens[0]!.token.projectId;
      const budget = (await first.core.invoke(
        'createBudget',
        { name: 'project lifetime', scope: 'project', scopeId: projectId, period: 'lifetime', capUsd: 0.0003 },
        adminSessionActor,
      )) as BudgetStatus;
      // A request held the whole cap when its gateway died: nothing will ever settle it.
      const held = await first.core.store.budgetLedger.reserve({
        id: 'request-of-a-dead-gateway',
        amountMicroUsd: 300,
        expiresAt: new Date(clock.now().getTime() + 30 * 60_000).toISOString(),
        counters: [{ key: budget.id, periodStart: 'lifetime', capMicroUsd: 300, seed: { scope: 'project', id: projectId, fromDay: null } }],
      });
      expect(held.crossed).toBeNull();
      const refused = await send(first);
      expect(refused.status).toBe(429);
      expect((await errorOf(refused)).message).toMatch(/fully reserved by requests in flight/);
      const token = first.tokens[0]!.value;
      harnesses.splice(harnesses.indexOf(first), 1);
      await first.stop();

      // Restarted after the reservation's expiry: the start-up sweep releases it. (The memory vault
      // starts empty, so the restarted gateway gets a provider whose key it holds.)
      clock.advance(31 * 60_000);
      const second = await start({ providers: [{ slug: 'anthropic', name: 'after restart' }], tokens: [], clock, dataDir: data.dir });
      await eventually(() => second.logLines.some((line) => line.includes('released expired budget reservations')));
      const admitted = await send(second, token, second.providers[0]!.id);
      expect(admitted.status).toBe(200);
      await second.rowOf(admitted);
      const status = (await second.core.invoke('getBudget', { budgetId: budget.id }, adminSessionActor)) as BudgetStatus;
      expect(status).toMatchObject({ spentMicroUsd: 123, reservedMicroUsd: 0 });
    } finally {
      data.cleanup();
    }
  });

  it('requests per minute slide: 10 at :59.5 and the next at :00.5 are one window, so the 11th is refused until :59.5 + 60 s', async () => {
    const clock = testClock();
    const now = clock.now().getTime();
    clock.advance(Math.ceil(now / 60_000) * 60_000 + 60_000 - 500 - now);
    const h = await start({ providers: [{ slug: 'anthropic' }], tokens: [{ name: 'rpm', limits: { requestsPerMinute: 10 } }], clock });
    const statuses = await Promise.all(Array.from({ length: 10 }, () => send(h).then((answer) => answer.status)));
    expect(statuses).toEqual(Array(10).fill(200));
    clock.advance(1000);
    const received = h.fake.received.length;
    const refused = await send(h);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59 - 5);
    clock.advance(58_000);
    expect((await send(h)).status).toBe(429);
    expect(h.fake.received.length).toBe(received);
    clock.advance(2000);
    expect((await send(h)).status).toBe(200);
  });
});
