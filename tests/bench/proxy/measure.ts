import autocannon from 'autocannon';
import { Agent, request } from 'undici';

export interface Target {
  name: string;
  /** Base URL; `/v1/messages` is appended. */
  url: string;
  headers: Record<string, string>;
}

export const body = (stream: boolean) =>
  JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 64, stream, messages: [{ role: 'user', content: 'hi' }] });
export const streamChunks = '20';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

/** Keep-alive load at a fixed number of connections for `seconds`. */
export async function load(target: Target, stream: boolean, connections: number, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `${target.url}/v1/messages`,
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json', ...(stream ? { 'x-fake-chunks': streamChunks } : {}) },
    body: body(stream),
    connections,
    duration: seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
  };
}

export interface SerialResult {
  /** Full response time, ms (median). */
  p50: number;
  /** Time to the first body byte, ms (median). */
  ttfb: number;
}

/** One connection, one request at a time, timed with sub-millisecond resolution. */
export async function serial(target: Target, stream: boolean, count: number): Promise<SerialResult> {
  const dispatcher = new Agent({ connections: 1 });
  const totals: number[] = [];
  const firsts: number[] = [];
  const headers = { ...target.headers, 'content-type': 'application/json', ...(stream ? { 'x-fake-chunks': streamChunks } : {}) };
  for (let i = 0; i < count + 200; i++) {
    const started = performance.now();
    const response = await request(`${target.url}/v1/messages`, { method: 'POST', headers, body: body(stream), dispatcher });
    let first = 0;
    for await (const _chunk of response.body) if (!first) first = performance.now();
    if (i >= 200) {
      totals.push(performance.now() - started);
      firsts.push(first - started);
    }
  }
  await dispatcher.close();
  return { p50: median(totals), ttfb: median(firsts) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
