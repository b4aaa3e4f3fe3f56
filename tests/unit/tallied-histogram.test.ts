import { Histogram, Registry } from 'prom-client';
import { expect, it } from 'vitest';
import { Buckets, registerTalliedHistogram } from '../../electron/core/usage/tallied-histogram';

const bounds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

it('renders the same text and JSON as a prom-client histogram given the same observations', async () => {
  const theirs = new Registry();
  const reference = new Histogram({
    name: 'h_seconds',
    help: 'A histogram.',
    labelNames: ['provider', 'model'],
    buckets: bounds,
    registers: [theirs],
  });
  const ours = new Registry();
  const series = [
    { labels: { provider: 'anthropic', model: 'claude-haiku-4-5' }, buckets: new Buckets(bounds) },
    { labels: { provider: 'openai', model: '' }, buckets: new Buckets(bounds) },
    { labels: { provider: 'google', model: 'never-observed' }, buckets: new Buckets(bounds) },
  ];
  registerTalliedHistogram(ours, { name: 'h_seconds', help: 'A histogram.', bounds, series: () => series });
  // On the bounds, between them, past the last one, zero.
  const values = [0, 0.05, 0.051, 0.1, 0.3, 1, 2.5, 7, 300, 301, 1_000, 0.012];
  values.forEach((value, i) => {
    const { labels, buckets } = series[i % 2]!;
    reference.observe(labels, value);
    buckets.observe(value);
  });

  expect(await ours.metrics()).toBe(await theirs.metrics());
  expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
  ours.resetMetrics();
  theirs.resetMetrics();
  expect(await ours.metrics()).toBe(await theirs.metrics());
});

it('refuses a value that is not a number, as prom-client does', () => {
  expect(() => new Buckets(bounds).observe(Number.NaN)).toThrow(TypeError);
});
