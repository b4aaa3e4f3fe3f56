import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

/**
 * Time each request spends inside this server, from its arrival to the last byte of its response,
 * read from Node's own HTTP diagnostics channels. At one connection this separates what a hop
 * costs (the network, waking a process) from the work the server does.
 */
export function watchInServerTime(): { takeMedianMs(): number } {
  const arrived = new WeakMap<IncomingMessage, number>();
  let spans: number[] = [];
  subscribe('http.server.request.start', (message) => arrived.set((message as { request: IncomingMessage }).request, performance.now()));
  subscribe('http.server.response.finish', (message) => {
    const started = arrived.get((message as { request: IncomingMessage }).request);
    if (started !== undefined) spans.push(performance.now() - started);
  });
  return {
    /** The median since the last call (0 when there was none). */
    takeMedianMs() {
      const sorted = spans.sort((a, b) => a - b);
      spans = [];
      return sorted[Math.floor(sorted.length / 2)] ?? 0;
    },
  };
}
