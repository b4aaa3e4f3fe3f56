import type { Metric, Registry } from 'prom-client';

/** One series' observations: how many fell at or under each upper bound (not cumulative), their sum and count. */
export class Buckets {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    this.sum += value;
    this.count++;
    const { bounds } = this;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = this.count = 0;
  }
}

export interface HistogramSeries {
  readonly labels: Record<string, string>;
  readonly buckets: Buckets;
}

/**
 * A histogram whose series are counted by their owner in plain `Buckets` and rendered as
 * prom-client renders its own histograms (the same lines, in the same order): prom-client's label
 * checks and hashing on every observation cost more than the rest of a request's metrics.
 */
export function registerTalliedHistogram(
  registry: Registry,
  config: { name: string; help: string; bounds: readonly number[]; series: () => Iterable<HistogramSeries> },
): void {
  const { name, help, bounds } = config;
  const values = () => {
    const out: {
      labels: Record<string, string | number>;
      sharedLabels: Record<string, string>;
      value: number;
      metricName: string;
      exemplar?: null;
    }[] = [];
    for (const { labels, buckets } of config.series()) {
      // prom-client holds a series from its first observation on.
      if (buckets.count === 0) continue;
      let cumulative = 0;
      for (let i = 0; i < bounds.length; i++) {
        cumulative += buckets.counts[i]!;
        out.push({ labels: { le: bounds[i]! }, sharedLabels: labels, value: cumulative, metricName: `${name}_bucket`, exemplar: null });
      }
      out.push({ labels: { le: '+Inf' }, sharedLabels: labels, value: buckets.count, metricName: `${name}_bucket`, exemplar: null });
      out.push({ labels: {}, sharedLabels: labels, value: buckets.sum, metricName: `${name}_sum` });
      out.push({ labels: {}, sharedLabels: labels, value: buckets.count, metricName: `${name}_count` });
    }
    return out;
  };
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    getForPromString: async () => ({ name, help, type: 'histogram', aggregator: 'sum', values: values() }),
    /** As prom-client's `get`: each value's labels with the series' own. */
    get: async () => ({
      name,
      help,
      type: 'histogram',
      aggregator: 'sum',
      values: values().map(({ labels, sharedLabels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })),
    }),
    reset: () => {
      for (const { buckets } of config.series()) buckets.reset();
    },
  };
  // The registry reads any object of this shape; its type names only prom-client's own classes.
  registry.registerMetric(metric as unknown as Metric);
}
