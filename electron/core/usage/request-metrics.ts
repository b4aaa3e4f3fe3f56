import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { UsageRecord } from '../../../shared/operations/usage';
import type { OtelStats } from './otel/otel-export';
import type { RequestObserver } from './request-observers';

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
  });
  const errors = new Counter({
    name: 'switchboard_request_errors_total',
    help: 'Requests that did not end ok, by provider, model and error code (the outcome).',
    labelNames: [...byModel, 'code'],
    registers,
  });
  const tokens = new Counter({
    name: 'switchboard_tokens_total',
    help: 'Tokens metered, by provider, model and type (input, output, cache_read, cache_write).',
    labelNames: [...byModel, 'type'],
    registers,
  });
  const cost = new Counter({
    name: 'switchboard_cost_usd_total',
    help: 'Cost of priced requests in US dollars, by provider and model.',
    labelNames: byModel,
    registers,
  });
  const unpriced = new Counter({
    name: 'switchboard_unpriced_requests_total',
    help: 'Requests without a cost (no price for the model, or usage unknown), by provider and model.',
    labelNames: byModel,
    registers,
  });
  const duration = new Histogram({
    name: 'switchboard_request_duration_seconds',
    help: 'Time from a request arriving to its answer ending, by provider and model.',
    labelNames: byModel,
    buckets: secondsBuckets,
    registers,
  });
  const ttfb = new Histogram({
    name: 'switchboard_time_to_first_byte_seconds',
    help: 'Time from a request arriving to the first byte of its answer, by provider and model.',
    labelNames: byModel,
    buckets: secondsBuckets,
    registers,
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

  const observe: RequestObserver = (row: UsageRecord) => {
    const labels = { provider: row.provider, model: modelLabel(row.model) };
    requests.inc({ ...labels, status_class: `${Math.floor(row.status / 100)}xx`, outcome: row.outcome });
    if (row.status >= 400 || row.outcome !== 'ok') errors.inc({ ...labels, code: row.outcome });
    if (!row.usageUnknown) {
      tokens.inc({ ...labels, type: 'input' }, row.inputTokens);
      tokens.inc({ ...labels, type: 'output' }, row.outputTokens);
      tokens.inc({ ...labels, type: 'cache_read' }, row.cacheReadTokens);
      tokens.inc({ ...labels, type: 'cache_write' }, row.cacheWriteTokens);
    }
    if (row.costMicroUsd === null) unpriced.inc(labels);
    else cost.inc(labels, row.costMicroUsd / 1_000_000);
    duration.observe(labels, row.latencyMs / 1000);
    if (row.ttfbMs !== null) ttfb.observe(labels, row.ttfbMs / 1000);
  };

  return {
    observe,
    contentType: registry.contentType,
    /** The text exposition format, for `GET /metrics`. */
    render: () => registry.metrics(),
  };
}
export type RequestMetrics = ReturnType<typeof createRequestMetrics>;
