import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../../electron/core/events';
import { createNoticeLimiter, subscribeAdminNotifications, type AdminNotice } from '../../../electron/main/admin-notifications';

describe('the notification rate limiter', () => {
  it('shows the same problem once per interval', () => {
    let now = 0;
    const limiter = createNoticeLimiter({ now: () => now, perKeyIntervalMs: 600_000 });
    expect(limiter.allow('spend-cap:tok_a')).toBe(true);
    now = 599_999;
    expect(limiter.allow('spend-cap:tok_a')).toBe(false);
    now = 600_000;
    expect(limiter.allow('spend-cap:tok_a')).toBe(true);
  });

  it('caps how many different notices appear per window', () => {
    let now = 0;
    const limiter = createNoticeLimiter({ now: () => now, maxPerWindow: 3, windowMs: 60_000 });
    expect(['a', 'b', 'c', 'd'].map((key) => limiter.allow(key))).toEqual([true, true, true, false]);
    now = 59_999;
    expect(limiter.allow('e')).toBe(false);
    now = 60_000;
    expect(limiter.allow('e')).toBe(true);
    // "d" was refused, not shown: it may appear as soon as there is room.
    expect(limiter.allow('d')).toBe(true);
  });
});

describe('admin notifications', () => {
  it('turn spend-cap and rejected-key events into notices, rate-limited, until unsubscribed', () => {
    const events = createEventBus();
    const shown: AdminNotice[] = [];
    let now = 0;
    const off = subscribeAdminNotifications({
      events,
      limiter: createNoticeLimiter({ now: () => now }),
      show: (notice) => shown.push(notice),
    });

    events.emit('token.spendCapReached', { tokenId: 'tok_1', tokenName: 'nightly', projectId: 'prj_1' });
    events.emit('token.spendCapReached', { tokenId: 'tok_1', tokenName: 'nightly', projectId: 'prj_1' });
    events.emit('upstream.authRejected', { aiProviderId: 'aip_1', providerName: 'Anthropic prod', status: 401 });
    events.emit('token.changed', { tokenId: 'tok_1' });

    expect(shown).toEqual([
      { key: 'spend-cap:tok_1', title: 'Token reached its spend cap', body: expect.stringContaining('"nightly"') },
      { key: 'auth-rejected:aip_1', title: 'Provider key rejected', body: expect.stringContaining('Anthropic prod answered 401') },
    ]);

    off();
    now = 3_600_000;
    events.emit('upstream.authRejected', { aiProviderId: 'aip_2', providerName: 'OpenAI', status: 401 });
    expect(shown).toHaveLength(2);
  });
});

describe('budget alerts on the desktop', () => {
  it('show each threshold of a budget once per period, saying what was spent of what', () => {
    const events = createEventBus();
    const shown: AdminNotice[] = [];
    subscribeAdminNotifications({ events, limiter: createNoticeLimiter({ now: () => 0 }), show: (notice) => shown.push(notice) });
    const alert = {
      budgetId: 'bud_1',
      budgetName: 'budget CI monthly',
      projectId: 'prj_1',
      scope: 'project' as const,
      scopeId: 'prj_1',
      threshold: 80,
      periodStart: '2026-11-01T00:00:00.000Z',
      spentMicroUsd: 81_500_000,
      capMicroUsd: 100_000_000,
    };
    events.emit('budget.thresholdReached', alert);
    events.emit('budget.thresholdReached', { ...alert, threshold: 100, spentMicroUsd: 100_000_000 });
    expect(shown).toEqual([
      {
        key: 'budget:bud_1:2026-11-01T00:00:00.000Z:80',
        title: 'Budget at 80 %',
        body: 'The budget CI monthly has spent $81.50 of $100.00.',
      },
      { key: 'budget:bud_1:2026-11-01T00:00:00.000Z:100', title: 'Budget used up', body: expect.stringContaining('are refused until') },
    ]);
  });
});
