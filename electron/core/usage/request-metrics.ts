import { Counter, Gauge, Registry } from 'prom-client';
import type { UsageRecord } from '../../../shared/operations/usage';
import type { OtelStats } from './otel/otel-export';
import type { RequestObserver } from './request-observers';
import { Buckets, registerTalliedHistogram } from './tallied-histogram';

/** Models are named by clients: past this many distinct ones, new names count as `other` so series stay bounded. */
const maxModels = 200;

const secondsBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export interface RequestMetricsSources {
  /** Requests the proxy is answering right now. */
  inFlight(): number;
  /** Usage rows not yet written, and dropped for a full queue. */
  recording(): { pendingRows: number; droppedRows: number };
  /** The OpenTelemetry export's counts; null when it is off. */
  otel(): OtelStats | null;
}

/**
 * Prometheus metrics of the proxy, in a registry of their own (never prom-client's global one):
 * counted from the same usage rows the database gets, so the counters equal the rows. Labels are
 * the provider slug, the model, the status class and the outcome; never a token, label or id.
 */
export function createRequestMetrics(sources: RequestMetricsSources) {
  const registry = new Registry();
  const registers = [registry];
  const byModel = ['provider', 'model'] as const;
  const requests = new Counter({
    name: 'switchboard_requests_total',
    help: 'Requests through the agent endpoint, by provider, model, HTTP status class and outcome.',
    labelNames: [...byModel, 'status_class', 'outcome'],
    registers,
    collect: () => drain(),
  });
  const errors = new Counter({
    name: 'switchboard_request_errors_total',
    help: 'Requests that did not end ok, by provider, model and error code (the outcome).',
    labelNames: [...byModel, 'code'],
    registers,
    collect: () => drain(),
  });
  const tokens = new Counter({
    name: 'switchboard_tokens_total',
    help: 'Tokens metered, by provider, model and type (input, output, cache_read, cache_write).',
    labelNames: [...byModel, 'type'],
    registers,
    collect: () => drain(),
  });
  const cost = new Counter({
    name: 'switchboard_cost_usd_total',
    help: 'Cost of priced requests in US dollars, by provider and model.',
    labelNames: byModel,
    registers,
    collect: () => drain(),
  });
  const unpriced = new Counter({
    name: 'switchboard_unpriced_requests_total',
    help: 'Requests without a cost (no price for the model, or usage unknown), by provider and model.',
    labelNames: byModel,
    registers,
    collect: () => drain(),
  });
  registerTalliedHistogram(registry, {
    name: 'switchboard_request_duration_seconds',
    help: 'Time from a request arriving to its answer ending, by provider and model.',
    bounds: secondsBuckets,
    series: () => [...tallies.values()].map(({ labels, duration }) => ({ labels, buckets: duration })),
  });
  registerTalliedHistogram(registry, {
    name: 'switchboard_time_to_first_byte_seconds',
    help: 'Time from a request arriving to the first byte of its answer, by provider and model.',
    bounds: secondsBuckets,
    series: () => [...tallies.values()].map(({ labels, ttfb }) => ({ labels, buckets: ttfb })),
  });
  new Gauge({
    name: 'switchboard_requests_in_flight',
    help: 'Requests the proxy is answering now.',
    registers,
    collect() {
      this.set(sources.inFlight());
    },
  });
  new Gauge({
    name: 'switchboard_usage_rows_pending',
    help: 'Usage rows queued but not yet written to the database.',
    registers,
    collect() {
      this.set(sources.recording().pendingRows);
    },
  });
  new Gauge({
    name: 'switchboard_usage_rows_dropped',
    help: 'Usage rows dropped since start because the queue was full while the database could not write.',
    registers,
    collect() {
      this.set(sources.recording().droppedRows);
    },
  });

  new Gauge({
    name: 'switchboard_otel_spans',
    help: 'OpenTelemetry spans since start, by state: exported, failed (the collector refused or was unreachable), dropped (queue full), queued.',
    labelNames: ['state'],
    registers,
    collect() {
      const stats = sources.otel();
      if (!stats) return;
      this.set({ state: 'exported' }, stats.spansExported);
      this.set({ state: 'failed' }, stats.spansFailed);
      this.set({ state: 'dropped' }, stats.spansDropped);
      this.set({ state: 'queued' }, stats.spansQueued);
    },
  });

  const models = new Set<string>();
  function modelLabel(model: string | null): string {
    if (model === null) return '';
    if (models.has(model)) return model;
    if (models.size >= maxModels) return 'other';
    models.add(model);
    return model;
  }

  // Counters are tallied per provider and model in plain numbers and added to prom-client's when
  // they are read (histograms are rendered from the tallies): its label checks and object copies
  // cost more than the rest of the tally.
  const tallies = new Map<string, Tally>();
  function tallyFor(provider: string, model: string): Tally {
    const key = provider + '\0' + model;
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = new Tally({ provider, model })));
    return tally;
  }

  function drain(): void {
    for (const tally of tallies.values()) {
      const { labels } = tally;
      for (const [key, count] of tally.requests) {
        const [statusClass, outcome] = key.split('\0') as [string, string];
        requests.inc({ ...labels, status_class: statusClass, outcome }, count);
      }
      for (const [code, count] of tally.errors) errors.inc({ ...labels, code }, count);
      if (tally.metered > 0) {
        tokens.inc({ ...labels, type: 'input' }, tally.inputTokens);
        tokens.inc({ ...labels, type: 'output' }, tally.outputTokens);
        tokens.inc({ ...labels, type: 'cache_read' }, tally.cacheReadTokens);
        tokens.inc({ ...labels, type: 'cache_write' }, tally.cacheWriteTokens);
      }
      if (tally.unpriced > 0) unpriced.inc(labels, tally.unpriced);
      if (tally.priced > 0) cost.inc(labels, tally.costMicroUsd / 1_000_000);
      tally.reset();
    }
  }

  const observe: RequestObserver = (row: UsageRecord) => {
    const tally = tallyFor(row.provider, modelLabel(row.model));
    const statusKey = `${Math.floor(row.status / 100)}xx\0${row.outcome}`;
    tally.requests.set(statusKey, (tally.requests.get(statusKey) ?? 0) + 1);
    if (row.status >= 400 || row.outcome !== 'ok') tally.errors.set(row.outcome, (tally.errors.get(row.outcome) ?? 0) + 1);
    if (!row.usageUnknown) {
      tally.metered++;
      tally.inputTokens += row.inputTokens;
      tally.outputTokens += row.outputTokens;
      tally.cacheReadTokens += row.cacheReadTokens;
      tally.cacheWriteTokens += row.cacheWriteTokens;
    }
    if (row.costMicroUsd === null) tally.unpriced++;
    else {
      tally.priced++;
      tally.costMicroUsd += row.costMicroUsd;
    }
    tally.duration.observe(row.latencyMs / 1000);
    if (row.ttfbMs !== null) tally.ttfb.observe(row.ttfbMs / 1000);
  };

  return {
    observe,
    contentType: registry.contentType,
    /** The text exposition format, for `GET /metrics`. */
    render: () => registry.metrics(),
  };
}
export type RequestMetrics = ReturnType<typeof createRequestMetrics>;

/** One provider and model's counts since the counters were last read. */
class Tally {
  /** By status class and outcome. */
  readonly requests = new Map<string, number>();
  /** By outcome (the error code). */
  readonly errors = new Map<string, number>();
  /** Rows with known usage: their tokens are counted, zeros included. */
  metered = 0;
  inputTokens = 0;
  outputTokens = 0;
  cacheReadTokens = 0;
  cacheWriteTokens = 0;
  priced = 0;
  costMicroUsd = 0;
  unpriced = 0;
  /** Histogram series, never reset: a histogram counts from the start. */
  readonly duration = new Buckets(secondsBuckets);
  readonly ttfb = new Buckets(secondsBuckets);

  constructor(readonly labels: { provider: string; model: string }) {}

  reset(): void {
    this.requests.clear();
    this.errors.clear();
    this.metered = this.inputTokens = this.outputTokens = this.cacheReadTokens = this.cacheWriteTokens = 0;
    this.priced = this.costMicroUsd = this.unpriced = 0;
  }
}
