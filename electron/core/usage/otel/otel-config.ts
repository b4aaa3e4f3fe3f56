/** What the standard OTEL_* variables ask of the exporter; null when nothing is to be exported. */
export interface OtelConfig {
  serviceName: string;
  tracesUrl: string | null;
  metricsUrl: string | null;
  headers: Record<string, string>;
  timeoutMillis: number;
  /** Spans waiting to be sent, at most; beyond it new ones are dropped and counted. */
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  metricExportIntervalMillis: number;
  semconvOptIn: string | undefined;
}

type Env = Record<string, string | undefined>;

function number(env: Env, name: string, fallback: number): number {
  const value = Number(env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `OTEL_EXPORTER_OTLP_HEADERS=api-key=abc,x-tenant=1` (values URL-encoded, as the specification says). */
function headersOf(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A malformed pair is left out rather than sent half-decoded.
    }
  }
  return headers;
}

/**
 * Reads the OTLP/HTTP settings the OpenTelemetry specification names: a base endpoint (`/v1/traces`
 * and `/v1/metrics` appended) or per-signal endpoints (used as given), `OTEL_TRACES_EXPORTER` /
 * `OTEL_METRICS_EXPORTER=none` to turn one off, `OTEL_SDK_DISABLED=true` for both.
 */
export function otelConfigFrom(env: Env): OtelConfig | null {
  if (env.OTEL_SDK_DISABLED === 'true') return null;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  const signal = (specific: string | undefined, path: string, exporter: string | undefined) =>
    exporter === 'none' ? null : (specific ?? (base ? `${base}${path}` : null));
  const tracesUrl = signal(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, '/v1/traces', env.OTEL_TRACES_EXPORTER);
  const metricsUrl = signal(env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, '/v1/metrics', env.OTEL_METRICS_EXPORTER);
  if (!tracesUrl && !metricsUrl) return null;
  return {
    serviceName: env.OTEL_SERVICE_NAME || 'switchboard',
    tracesUrl,
    metricsUrl,
    headers: headersOf(env.OTEL_EXPORTER_OTLP_HEADERS),
    timeoutMillis: number(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 10_000),
    maxQueueSize: number(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2_048),
    maxExportBatchSize: number(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512),
    scheduledDelayMillis: number(env, 'OTEL_BSP_SCHEDULE_DELAY', 5_000),
    metricExportIntervalMillis: number(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000),
    semconvOptIn: env.OTEL_SEMCONV_STABILITY_OPT_IN,
  };
}
