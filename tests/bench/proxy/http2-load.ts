import { connect, type ClientHttp2Session } from 'node:http2';
import { body, streamChunks, type LoadResult, type Target } from './measure';

/**
 * Keep-alive load over HTTP/2 cleartext (prior knowledge, as the AWS SDK speaks): `sessions`
 * connections, each keeping `streamsPerSession` requests in flight for `seconds`.
 */
export async function loadHttp2(
  target: Target,
  stream: boolean,
  sessions: number,
  streamsPerSession: number,
  seconds: number,
): Promise<LoadResult> {
  const url = new URL(`${target.url}/v1/messages`);
  const headers = {
    ':method': 'POST',
    ':path': url.pathname,
    ...target.headers,
    'content-type': 'application/json',
    ...(stream ? { 'x-fake-chunks': streamChunks } : {}),
  };
  const payload = body(stream);
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const clients: ClientHttp2Session[] = [];

  /** One stream after another on `session` until the time is up. */
  async function worker(session: ClientHttp2Session): Promise<void> {
    while (performance.now() < until) {
      const started = performance.now();
      const ok = await new Promise<boolean>((resolve) => {
        const request = session.request(headers);
        let status = 0;
        request.on('response', (head) => (status = Number(head[':status'])));
        request.on('data', () => {});
        request.on('end', () => resolve(status === 200));
        request.on('error', () => resolve(false));
        request.end(payload);
      });
      if (ok) latencies.push(performance.now() - started);
      else errors++;
    }
  }

  for (let i = 0; i < sessions; i++) {
    const session = connect(url.origin, { peerMaxConcurrentStreams: streamsPerSession });
    session.on('error', () => errors++);
    clients.push(session);
  }
  const started = performance.now();
  await Promise.all(clients.flatMap((session) => Array.from({ length: streamsPerSession }, () => worker(session))));
  const elapsed = (performance.now() - started) / 1000;
  for (const session of clients) session.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN);
  return { requestsPerSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), requests: latencies.length, errors };
}
