import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An OTLP attribute value as the JSON encoding carries it. */
type AnyValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean };
type KeyValue = { key: string; value: AnyValue };

export interface ReceivedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  /** Null for a root span. */
  parentSpanId: string | null;
  startMs: number;
  endMs: number;
  status: { code?: number; message?: string };
  attributes: Record<string, string | number | boolean>;
  resource: Record<string, string | number | boolean>;
}

export interface ReceivedHistogram {
  name: string;
  unit: string;
  points: Array<{ attributes: Record<string, string | number | boolean>; count: number; sum: number }>;
}

function valueOf(value: AnyValue): string | number | boolean {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  throw new Error(`unexpected attribute value ${JSON.stringify(value)}`);
}

const attributesOf = (list: KeyValue[] = []) => Object.fromEntries(list.map((kv) => [kv.key, valueOf(kv.value)]));
const nanosToMs = (nanos: string | number) => Number(BigInt(nanos) / 1_000_000n);

/**
 * An OTLP/HTTP collector for tests, on 127.0.0.1: takes the JSON encoding on /v1/traces and
 * /v1/metrics (what @opentelemetry's -otlp-http exporters send), answers 200, keeps everything.
 */
export async function startOtlpReceiver(): Promise<{
  url: string;
  spans(): ReceivedSpan[];
  /** The histograms of the latest metrics export (they are cumulative, so the latest holds everything). */
  histograms(): ReceivedHistogram[];
  /** Resolves once a request arrives on `path` for which `done()` is true (checked after each). */
  until(done: () => boolean): Promise<void>;
  /** The HTTP headers of every export received. */
  headers(): Array<Record<string, string | string[] | undefined>>;
  close(): Promise<void>;
}> {
  const traces: unknown[] = [];
  const headers: Array<Record<string, string | string[] | undefined>> = [];
  const metrics: unknown[] = [];
  let waiters: Array<{ done: () => boolean; resolve: () => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      headers.push(req.headers);
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      if (req.url === '/v1/traces') traces.push(body);
      else if (req.url === '/v1/metrics') metrics.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
      waiters = waiters.filter((w) => (w.done() ? (w.resolve(), false) : true));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    headers: () => headers,
    spans() {
      type Body = { resourceSpans: Array<{ resource?: { attributes?: KeyValue[] }; scopeSpans: Array<{ spans: unknown[] }> }> };
      return (traces as Body[]).flatMap((body) =>
        body.resourceSpans.flatMap((rs) =>
          rs.scopeSpans.flatMap((ss) =>
            (ss.spans as Array<Record<string, unknown>>).map((span) => ({
              name: span.name as string,
              kind: span.kind as number,
              traceId: span.traceId as string,
              spanId: span.spanId as string,
              parentSpanId: (span.parentSpanId as string | undefined) || null,
              startMs: nanosToMs(span.startTimeUnixNano as string),
              endMs: nanosToMs(span.endTimeUnixNano as string),
              status: (span.status ?? {}) as ReceivedSpan['status'],
              attributes: attributesOf(span.attributes as KeyValue[]),
              resource: attributesOf(rs.resource?.attributes),
            })),
          ),
        ),
      );
    },
    histograms() {
      type Body = { resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: Array<Record<string, unknown>> }> }> };
      const latest = metrics.at(-1) as Body | undefined;
      if (!latest) return [];
      return latest.resourceMetrics.flatMap((rm) =>
        rm.scopeMetrics.flatMap((sm) =>
          sm.metrics
            .filter((m) => m.histogram)
            .map((m) => ({
              name: m.name as string,
              unit: m.unit as string,
              points: (m.histogram as { dataPoints: Array<Record<string, unknown>> }).dataPoints.map((p) => ({
                attributes: attributesOf(p.attributes as KeyValue[]),
                count: Number(p.count),
                sum: Number(p.sum),
              })),
            })),
        ),
      );
    },
    until(done) {
      if (done()) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ done, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
