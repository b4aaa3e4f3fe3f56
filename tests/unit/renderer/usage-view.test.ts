import { describe, expect, it } from 'vitest';
import { formatTick, formatUsdTick } from '../../../renderer/src/components/format';
import { usageViewFromQuery, usageViewToQuery } from '../../../renderer/src/features/usage/usage-url';
import { screenFromHash } from '../../../renderer/src/store/navigation-slice';

describe('usage chart axes', () => {
  it('never write two neighbouring ticks the same', () => {
    for (const ticks of [
      [0, 0.05, 0.1, 0.15, 0.2],
      [0, 0.0025, 0.005, 0.0075, 0.01],
      [1000, 1250, 1500, 1750, 2000],
      [0, 2_500_000, 5_000_000, 7_500_000],
    ]) {
      expect(new Set(ticks.map(formatUsdTick)).size, ticks.join()).toBe(ticks.length);
      expect(new Set(ticks.map(formatTick)).size, ticks.join()).toBe(ticks.length);
    }
    expect(formatUsdTick(0.15)).toBe('$0.15');
    expect(formatTick(7_500_000)).toBe('7.5M');
  });
});

describe('usage filters in the address', () => {
  it('round-trip a preset, a custom range, the grouping and a provider', () => {
    const view = {
      range: { preset: 'custom' as const, from: '2026-03-01', to: '2026-03-09' },
      groupBy: 'pipeline' as const,
      provider: 'aip_x',
      gatewayId: 'gw_0123456789abcdefABCD',
    };
    const query = usageViewToQuery(view);
    expect(query).toBe('range=custom&groupBy=pipeline&from=2026-03-01&to=2026-03-09&provider=aip_x&gateway=gw_0123456789abcdefABCD');
    expect(usageViewFromQuery(query)).toEqual(view);
    expect(usageViewFromQuery('range=7d&groupBy=model')).toEqual({ range: { preset: '7d', from: '', to: '' }, groupBy: 'model' });
  });

  it('ignore what they do not know', () => {
    expect(usageViewFromQuery('range=forever&groupBy=colour&from=x&gateway=ci-agent-3')).toEqual({});
    expect(usageViewFromQuery('groupBy=gateway')).toEqual({ groupBy: 'gateway' });
    expect(usageViewFromQuery('range=custom&from=2026-03-01')).toEqual({});
  });

  it('leave the screen name readable before the query', () => {
    expect(screenFromHash('#/usage?range=7d')).toBe('usage');
    expect(screenFromHash('#/audit')).toBe('audit');
  });
});
