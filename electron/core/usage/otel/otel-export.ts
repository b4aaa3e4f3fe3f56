import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { AttemptRecord, UsageRecord } from '../../../../shared/operations/usage';
import type { Logger } from '../../log';
import type { RequestObserver } from '../request-observers';
import { genAiNamesFor, inputTokensOf, operationOf, providerNameOf } from './genai-conventions';
import type { OtelConfig } from './otel-config';

/** The conventions' advised bucket boundaries for the two GenAI client histograms. */
const tokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const secondsBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** Spans sent, refused by the collector (or never delivered), and dropped because the queue was full. */
export interface OtelStats {
  spansExported: number;
  spansFailed: number;
  spansDropped: number;
  spansQueued: number;
}

/** Counts what leaves the queue: a span handed to the exporter is no longer queued, whatever becomes of it. */
class CountingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly stats: OtelStats,
  ) {}

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    this.stats.spansQueued -= spans.length;
    this.inner.export(spans, (result) => {
      if (result.code === 0) this.stats.spansExported += spans.length;
      else this.stats.spansFailed += spans.length;
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * OTLP/HTTP export of one GenAI client span per request (with a child span per upstream attempt of a
 * routed request) and the GenAI client metrics, with the
 * official SDK. Everything is made from the finished usage row, after the answer has left: export
 * runs in the background, its queue is bounded (spans beyond it are dropped and counted) and a
 * collector that is slow or down costs the proxy nothing. Labels become `switchboard.*` span
 * attributes, never metric attributes (unbounded values would explode the series). No prompt or
 * answer content is ever read, so none can be exported.
 */
export function createOtelExport(config: OtelConfig, deps: { log: Logger; version: string }) {
  const names = genAiNamesFor(config.semconvOptIn);
  const resource = resourceFromAttributes({ 'service.name': config.serviceName, 'service.version': deps.version });
  const stats: OtelStats = { spansExported: 0, spansFailed: 0, spansDropped: 0, spansQueued: 0 };
  const exporterOptions = { headers: config.headers, timeoutMillis: config.timeoutMillis };

  const tracerProvider = config.tracesUrl
    ? new BasicTracerProvider({
        resource,
        spanProcessors: [
          new BatchSpanProcessor(new CountingExporter(new OTLPTraceExporter({ ...exporterOptions, url: config.tracesUrl }), stats), {
            // The bound is enforced before a span is made (below); the processor's own is only a backstop.
            maxQueueSize: config.maxQueueSize * 2,
            maxExportBatchSize: config.maxExportBatchSize,
            scheduledDelayMillis: config.scheduledDelayMillis,
            exportTimeoutMillis: config.timeoutMillis,
          }),
        ],
      })
    : null;
  const tracer = tracerProvider?.getTracer('switchboard', deps.version);

  const meterProvider = config.metricsUrl
    ? new MeterProvider({
        resource,
        readers: [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter({ ...exporterOptions, url: config.metricsUrl }),
            exportIntervalMillis: config.metricExportIntervalMillis,
            exportTimeoutMillis: Math.min(config.timeoutMillis, config.metricExportIntervalMillis),
          }),
        ],
      })
    : null;
  const meter = meterProvider?.getMeter('switchboard', deps.version);
  const tokenUsage = meter?.createHistogram('gen_ai.client.token.usage', {
    unit: '{token}',
    description: 'Number of input and output tokens used.',
    advice: { explicitBucketBoundaries: tokenBuckets },
  });
  const duration = meter?.createHistogram('gen_ai.client.operation.duration', {
    unit: 's',
    description: 'GenAI operation duration.',
    advice: { explicitBucketBoundaries: secondsBuckets },
  });
  const firstChunk = names.timeToFirstChunkMetric
    ? meter?.createHistogram(names.timeToFirstChunkMetric, {
        unit: 's',
        description: 'Time to receive the first chunk of a streamed answer.',
        advice: { explicitBucketBoundaries: secondsBuckets },
      })
    : undefined;

  function metricAttributes(row: UsageRecord, failed: boolean): Attributes {
    const attributes: Attributes = {
      'gen_ai.operation.name': operationOf(row.endpoint),
      'gen_ai.provider.name': providerNameOf(row.provider),
    };
    if (row.model) attributes['gen_ai.request.model'] = row.model;
    if (failed) attributes['error.type'] = row.outcome === 'ok' ? String(row.status) : row.outcome;
    return attributes;
  }

  function spanAttributes(row: UsageRecord, failed: boolean): Attributes {
    const attributes: Attributes = {
      ...metricAttributes(row, failed),
      'http.response.status_code': row.status,
      'switchboard.request_id': row.requestId,
      'switchboard.project_id': row.projectId,
      'switchboard.route': row.route,
      'switchboard.endpoint': row.endpoint,
      'switchboard.outcome': row.outcome,
      'switchboard.streamed': row.streamed,
      'switchboard.attempts': row.attempts,
      'switchboard.latency_ms': row.latencyMs,
      'switchboard.usage_unknown': row.usageUnknown,
    };
    if (row.tokenId) attributes['switchboard.token_id'] = row.tokenId;
    if (row.aiProviderId) attributes['switchboard.ai_provider_id'] = row.aiProviderId;
    if (row.ttfbMs !== null) attributes['switchboard.ttfb_ms'] = row.ttfbMs;
    if (row.overheadMs !== null) attributes['switchboard.overhead_ms'] = row.overheadMs;
    if (row.costMicroUsd !== null) attributes['switchboard.cost_usd'] = row.costMicroUsd / 1_000_000;
    for (const [name, value] of Object.entries(row.labels)) attributes[`switchboard.label.${name}`] = value;
    if (!row.usageUnknown) {
      attributes['gen_ai.usage.input_tokens'] = inputTokensOf(row);
      attributes['gen_ai.usage.output_tokens'] = row.outputTokens;
      attributes['gen_ai.usage.cache_read.input_tokens'] = row.cacheReadTokens;
      attributes[names.cacheWriteTokens] = row.cacheWriteTokens;
    }
    if (names.timeToFirstChunk && row.streamed && row.ttfbMs !== null) attributes[names.timeToFirstChunk] = row.ttfbMs / 1000;
    return attributes;
  }

  function span(row: UsageRecord, failed: boolean): void {
    if (!tracer) return;
    const attempts = row.attemptLog ?? [];
    if (stats.spansQueued + 1 + attempts.length > config.maxQueueSize) {
      stats.spansDropped += 1 + attempts.length;
      return;
    }
    const start = Date.parse(row.at);
    const attributes = spanAttributes(row, failed);
    const name = row.model ? `${String(attributes['gen_ai.operation.name'])} ${row.model}` : String(attributes['gen_ai.operation.name']);
    const parent = tracer.startSpan(name, { kind: SpanKind.CLIENT, startTime: start, attributes });
    if (failed) parent.setStatus({ code: SpanStatusCode.ERROR, message: row.errorMessage ?? row.outcome });
    const within = trace.setSpan(ROOT_CONTEXT, parent);
    attempts.forEach((entry, index) => attemptSpan(row, entry, attempts[index - 1] ?? null, index, start, within));
    stats.spansQueued += 1 + attempts.length;
    parent.end(start + row.latencyMs);
  }

  /** A routed request's try at one target, as a child of the request's span. */
  function attemptSpan(
    row: UsageRecord,
    entry: AttemptRecord,
    before: AttemptRecord | null,
    index: number,
    requestStart: number,
    within: ReturnType<typeof trace.setSpan>,
  ): void {
    const provider = entry.provider ?? row.provider;
    const model = entry.model ?? row.model;
    const attributes: Attributes = {
      'gen_ai.operation.name': operationOf(row.endpoint),
      'gen_ai.provider.name': providerNameOf(provider),
      'switchboard.ai_provider_id': entry.aiProviderId,
      'switchboard.attempt': index + 1,
      'switchboard.duration_ms': entry.durationMs,
    };
    if (model) attributes['gen_ai.request.model'] = model;
    if (entry.status !== null) attributes['http.response.status_code'] = entry.status;
    if (entry.errorCode !== null) attributes['error.type'] = entry.errorCode;
    // Why this call was made at all: the failure of the one before, on the same target (a retry) or the next (a fallback).
    if (before?.errorCode) {
      attributes['switchboard.retry_reason'] = before.errorCode;
      attributes['switchboard.retry_kind'] = before.aiProviderId === entry.aiProviderId ? 'retry' : 'fallback';
    }
    const startTime = requestStart + (entry.startMs ?? 0);
    const child: Span = tracer!.startSpan(
      model ? `${String(attributes['gen_ai.operation.name'])} ${model}` : String(attributes['gen_ai.operation.name']),
      { kind: SpanKind.CLIENT, startTime, attributes },
      within,
    );
    if (entry.errorCode !== null) child.setStatus({ code: SpanStatusCode.ERROR, message: entry.errorCode });
    child.end(startTime + entry.durationMs);
  }

  function measure(row: UsageRecord, failed: boolean): void {
    const attributes = metricAttributes(row, failed);
    duration?.record(row.latencyMs / 1000, attributes);
    if (!row.usageUnknown && !failed) {
      tokenUsage?.record(inputTokensOf(row), { ...attributes, 'gen_ai.token.type': 'input' });
      tokenUsage?.record(row.outputTokens, { ...attributes, 'gen_ai.token.type': 'output' });
    }
    if (firstChunk && row.streamed && row.ttfbMs !== null) firstChunk.record(row.ttfbMs / 1000, attributes);
  }

  const observe: RequestObserver = (row) => {
    const failed = row.status >= 400 || row.outcome !== 'ok';
    span(row, failed);
    measure(row, failed);
  };

  return {
    observe,
    stats: (): OtelStats => ({ ...stats }),
    /** Sends what is pending now (tests; shutdown). */
    async flush(): Promise<void> {
      await Promise.all([tracerProvider?.forceFlush(), meterProvider?.forceFlush()]);
    },
    /** Flushes and stops; bounded by the exporters' timeouts. */
    async shutdown(): Promise<void> {
      await Promise.allSettled([tracerProvider?.shutdown(), meterProvider?.shutdown()]);
    },
  };
}
export type OtelExport = ReturnType<typeof createOtelExport>;
