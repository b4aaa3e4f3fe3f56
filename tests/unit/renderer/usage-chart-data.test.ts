import { expect, it } from 'vitest';
import type { UsageTimeSeries } from '../../../shared/operations';
import { shortDay, tokensByDay } from '../../../renderer/src/features/usage/usage-chart-data';

const zero = { requests: 1, errors: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costMicroUsd: 0, unpricedRequests: 0 };

it('gives each series its own value per hour, never the running total of the series before it', () => {
  const series: UsageTimeSeries = {
    from: '2026-03-01',
    to: '2026-03-01',
    groupBy: 'model',
    grain: 'hour',
    days: ['2026-03-01T00:00Z', '2026-03-01T01:00Z'],
    keys: [
      { key: 'a', label: 'a' },
      { key: 'b', label: 'b' },
    ],
    points: [
      { ...zero, day: '2026-03-01T00:00Z', key: 'a', inputTokens: 100 },
      { ...zero, day: '2026-03-01T00:00Z', key: 'b', inputTokens: 5 },
      { ...zero, day: '2026-03-01T01:00Z', key: 'b', inputTokens: 7 },
    ],
    daily: [],
  };
  expect(tokensByDay(series)).toEqual([
    { day: '2026-03-01T00:00Z', a: 100, b: 5 },
    { day: '2026-03-01T01:00Z', a: 0, b: 7 },
  ]);
});

it('labels days and hours in UTC', () => {
  expect(shortDay('2026-03-01')).toBe('Mar 1');
  expect(shortDay('2026-03-01T13:00Z')).toBe('Mar 1 13:00');
});
