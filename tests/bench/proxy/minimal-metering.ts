import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Pool } from 'undici';
import type { UsageRecord } from '../../../shared/operations/usage';
import { openDatabase } from '../../../electron/core/db/sqlite/database';
import { createSqliteUsageRows } from '../../../electron/core/db/sqlite/usage-rows';
import { timeOrderedUuid } from '../../../electron/core/ids';
import { createMemoryLogger } from '../../../electron/core/log';
import { hopByHop, PassThrough } from './pass-through';

/** The one job token this server knows, and the key it puts in its place. */
export const minimalToken = 'sb_minimal_bench_token';
const upstreamKey = 'sk-minimal-bench-key';
/** Not sent upstream: the hop-by-hop headers and the job token. */
const dropped = new Set([...hopByHop, 'x-api-key']);

interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
}

/**
 * The second yardstick: the least a metering proxy must do, written as plainly as the bare
 * pass-through. It knows its token, reads the request body whole for its model, swaps the token for
 * the key, passes the answer through while keeping its bytes, reads the usage from them (the JSON
 * body, or a stream's `data:` lines that carry usage), prices it and writes the row to SQLite in
 * 50 ms batches with the proxy's own statement. No routes, limits, budgets, logs or metrics: the
 * proxy's distance from this server is what its structure costs, not what metering costs.
 */
export async function startMinimalMetering(upstreamUrl: string, dataDir: string): Promise<{ url: string; rows(): Promise<number> }> {
  const origin = new URL(upstreamUrl).origin;
  const pool = new Pool(origin, { keepAliveTimeout: 30_000, pipelining: 1 });
  const db = openDatabase(path.join(dataDir, 'minimal.db'), createMemoryLogger('warn'));
  const usageRows = createSqliteUsageRows(db, () => new Date().toISOString());
  let queue: UsageRecord[] = [];
  const flush = () => {
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    void usageRows.append(batch);
  };
  setInterval(flush, 50).unref();

  const server = createServer((req, res) => {
    if (req.headers['x-api-key'] !== minimalToken) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unknown token"}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => forward(req, res, Buffer.concat(chunks)));
  });

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const started = performance.now();
    const model = (JSON.parse(body.toString('utf8')) as { model?: string }).model ?? null;
    const raw = req.rawHeaders;
    const headers = ['x-api-key', upstreamKey];
    for (let i = 0; i < raw.length; i += 2) if (!dropped.has(raw[i]!.toLowerCase())) headers.push(raw[i]!, raw[i + 1]!);
    const metering = new Metering(res, (answer, streamed) => {
      const usage = streamed ? streamUsage(answer) : ((JSON.parse(answer) as { usage?: AnthropicUsage }).usage ?? {});
      queue.push(row(model, req.url!, streamed, usage, performance.now() - started));
    });
    pool.dispatch({ origin, path: req.url!, method: 'POST', headers, body }, metering);
  }

  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async rows() {
      flush();
      return db.prepare('SELECT COUNT(*) FROM usage_records').pluck().get() as number;
    },
  };
}

/** The pass-through, keeping the answer's bytes for its usage. */
class Metering extends PassThrough {
  private readonly kept: Buffer[] = [];
  private streamed = false;

  constructor(
    res: ServerResponse,
    private readonly metered: (answer: string, streamed: boolean) => void,
  ) {
    super(res);
  }

  override onHeaders(status: number, raw: Buffer[], resume: () => void): boolean {
    for (let i = 0; i < raw.length; i += 2)
      if (raw[i]!.toString('latin1').toLowerCase() === 'content-type') this.streamed = raw[i + 1]!.includes('text/event-stream');
    return super.onHeaders(status, raw, resume);
  }

  override onData(chunk: Buffer): boolean {
    this.kept.push(chunk);
    return super.onData(chunk);
  }

  override onComplete(): void {
    super.onComplete();
    this.metered(Buffer.concat(this.kept).toString('utf8'), this.streamed);
  }
}

/** Anthropic's stream reports input tokens in `message_start` and output tokens in `message_delta`. */
function streamUsage(text: string): AnthropicUsage {
  const usage: AnthropicUsage = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ') || !line.includes('"usage"')) continue;
    const event = JSON.parse(line.slice(6)) as { message?: { usage?: AnthropicUsage }; usage?: AnthropicUsage };
    Object.assign(usage, event.message?.usage, event.usage);
  }
  return usage;
}

/** A full usage row, priced at $1/$5 per million tokens. */
function row(model: string | null, endpoint: string, streamed: boolean, usage: AnthropicUsage, latencyMs: number): UsageRecord {
  const now = Date.now();
  const inputTokens = usage.input_tokens ?? 0;
  const outputTokens = usage.output_tokens ?? 0;
  return {
    id: timeOrderedUuid(now),
    at: new Date(now).toISOString(),
    requestId: timeOrderedUuid(now),
    projectId: 'prj_minimal',
    aiProviderId: 'aip_minimal',
    provider: 'anthropic',
    authMethod: 'byok',
    tokenId: 'tok_minimal',
    model,
    endpoint,
    streamed,
    status: 200,
    outcome: 'ok',
    inputTokens,
    outputTokens,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costMicroUsd: inputTokens + outputTokens * 5,
    latencyMs: Math.round(latencyMs),
    ttfbMs: null,
    labels: {},
    usageUnknown: false,
    routeId: null,
    attempts: 1,
    attemptLog: null,
    route: 'aip_minimal',
    overheadMs: null,
    errorMessage: null,
    gatewayId: null,
  };
}
