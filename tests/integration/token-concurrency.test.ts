import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Token } from '../../shared/operations/tokens';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/**
 * A job token's concurrency limit: its requests beyond `maxConcurrent` wait their turn, first in
 * first out, up to `maxQueued` of them and each for up to `queueWaitSeconds`, instead of being
 * refused; the upstream never sees more at once. The fake upstream holds answers until released,
 * so what is in its hands at any moment is counted, not timed.
 */
let h: ProxyHarness;

const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
const streamedBody = JSON.stringify({
  model: 'claude-sonnet-4-5',
  max_tokens: 10,
  stream: true,
  messages: [{ role: 'user', content: 'hi' }],
});

const tokenIndex = { burst: 0, short: 1, bounded: 2, leaving: 3, streamed: 4, errored: 5 } as const;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [{ slug: 'anthropic' }, { slug: 'anthropic', name: 'unreachable', baseUrl: 'http://127.0.0.1:1' }],
    tokens: [
      { name: 'burst', limits: { maxConcurrent: 2, queueWaitSeconds: 30, maxQueued: 100 } },
      { name: 'short wait', limits: { maxConcurrent: 2, queueWaitSeconds: 1, maxQueued: 100 } },
      { name: 'bounded queue', limits: { maxConcurrent: 1, queueWaitSeconds: 30, maxQueued: 2 } },
      { name: 'leaving', limits: { maxConcurrent: 1, queueWaitSeconds: 30, maxQueued: 10 } },
      { name: 'streamed', limits: { maxConcurrent: 1, queueWaitSeconds: 30, maxQueued: 10 } },
      { name: 'errored', limits: { maxConcurrent: 1, queueWaitSeconds: 0 } },
    ],
  });
});
afterAll(() => h.stop());

interface SendOptions {
  held?: boolean;
  payload?: string;
  provider?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const send = (token: keyof typeof tokenIndex, options: SendOptions = {}) =>
  fetch(`${h.endpoint}/ai/${h.providers[options.provider ?? 0]!.id}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[tokenIndex[token]]!.value, ...(options.held ? { 'x-fake-hold': '1' } : {}), ...options.headers },
    body: options.payload ?? body,
    signal: options.signal,
  });

const tokenId = (token: keyof typeof tokenIndex) => h.tokens[tokenIndex[token]]!.token.id;
const slotsOf = (token: keyof typeof tokenIndex) => h.core.proxy.slotsOf(tokenId(token));
/** Waits until the gateway has `waiting` requests of the token in its queue. */
const untilWaiting = (token: keyof typeof tokenIndex, waiting: number) =>
  vi.waitFor(() => expect(slotsOf(token).waiting).toBe(waiting), { interval: 5, timeout: 5_000 });

describe('a job token with a concurrency limit waits instead of failing', () => {
  it('20 concurrent requests with maxConcurrent 2: the upstream never holds more than 2 at once, and all 20 succeed', async () => {
    h.fake.holds.resetPeak();
    const before = h.fake.received.length;
    const answers = Array.from({ length: 20 }, () => send('burst', { held: true }));
    for (let released = 0; released < 20; released += 2) {
      // Two are in the upstream's hands and every other one waits in the gateway: none is on its way.
      await h.fake.holds.untilHeld(2);
      await untilWaiting('burst', 20 - released - 2);
      expect(h.fake.received.length - before).toBe(released + 2);
      h.fake.holds.release(2);
    }
    const statuses = await Promise.all(answers.map(async (answer) => (await answer).status));
    expect(statuses).toEqual(Array(20).fill(200));
    expect(h.fake.holds.peak).toBe(2);
    expect(h.fake.received.length - before).toBe(20);
    expect(slotsOf('burst')).toEqual({ active: 0, waiting: 0 });
  });

  it('with a short wait, the excess gets 429 concurrency_limit with Retry-After in the provider shape, never reaches the upstream, and is recorded', async () => {
    const holding = [send('short', { held: true }), send('short', { held: true })];
    await h.fake.holds.untilHeld(2);
    const before = h.fake.received.length;
    const excess = await Promise.all([send('short'), send('short'), send('short')]);
    expect(excess.map((answer) => answer.status)).toEqual([429, 429, 429]);
    expect(h.fake.received.length).toBe(before);
    const refused = excess[0]!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error', code: 'concurrency_limit', details: { limit: 'maxConcurrent', maxConcurrent: 2 } },
    });
    const row = await h.rowOf(refused);
    expect(row).toMatchObject({ tokenId: tokenId('short'), status: 429, outcome: 'concurrency_limit' });
    h.fake.holds.release(2);
    expect((await Promise.all(holding)).map((answer) => answer.status)).toEqual([200, 200]);
  });

  it('the queue bound holds: one request past maxQueued is refused at once, those queued go through in turn', async () => {
    const first = send('bounded', { held: true });
    await h.fake.holds.untilHeld(1);
    const queued = [send('bounded', { held: true }), send('bounded', { held: true })];
    await untilWaiting('bounded', 2);
    const overflow = await send('bounded');
    expect(overflow.status).toBe(429);
    expect((await overflow.json()) as unknown).toMatchObject({ error: { code: 'concurrency_limit' } });
    expect(slotsOf('bounded')).toEqual({ active: 1, waiting: 2 });
    for (let i = 0; i < 3; i++) {
      await h.fake.holds.untilHeld(1);
      h.fake.holds.release(1);
    }
    expect((await Promise.all([first, ...queued])).map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(slotsOf('bounded')).toEqual({ active: 0, waiting: 0 });
  });

  it('a queued client that disconnects leaves the queue: the next one gets its turn, and no slot leaks', async () => {
    const first = send('leaving', { held: true });
    await h.fake.holds.untilHeld(1);
    const leaver = new AbortController();
    const left = send('leaving', { signal: leaver.signal }).catch((error: unknown) => error);
    await untilWaiting('leaving', 1);
    const before = h.fake.received.length;
    leaver.abort();
    expect(await left).toBeInstanceOf(Error);
    await untilWaiting('leaving', 0);
    const next = send('leaving', { held: true });
    await untilWaiting('leaving', 1);
    h.fake.holds.release(1);
    await h.fake.holds.untilHeld(1);
    h.fake.holds.release(1);
    expect((await first).status).toBe(200);
    expect((await next).status).toBe(200);
    // Only the next one reached the upstream; the one that left never did.
    expect(h.fake.received.length - before).toBe(1);
    expect(slotsOf('leaving')).toEqual({ active: 0, waiting: 0 });
    await vi.waitFor(
      async () => {
        const rows = (await h.waitForRows(0)).filter((row) => row.tokenId === tokenId('leaving'));
        expect(rows.map((row) => row.outcome).sort()).toEqual(['client_disconnect', 'ok', 'ok']);
      },
      { interval: 10, timeout: 5_000 },
    );
  });

  it('a streamed answer holds its slot until the stream ends', async () => {
    const stream = await send('streamed', { held: true, payload: streamedBody });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read(); // the stream has begun: its first frame is here
    const before = h.fake.received.length;
    const next = send('streamed');
    await untilWaiting('streamed', 1);
    expect(h.fake.received.length).toBe(before);
    h.fake.holds.release(1);
    while (!(await reader.read()).done);
    expect((await next).status).toBe(200);
    expect(h.fake.received.length - before).toBe(1);
    expect(slotsOf('streamed')).toEqual({ active: 0, waiting: 0 });
  });

  it('an upstream error or an unreachable upstream releases the slot', async () => {
    const failed = await send('errored', { headers: { 'x-fake-status': '500' } });
    expect(failed.status).toBe(500);
    await failed.text();
    const unreachable = await send('errored', { provider: 1 });
    expect(unreachable.status).toBe(502);
    await unreachable.text();
    expect(slotsOf('errored')).toEqual({ active: 0, waiting: 0 });
    // With no wait allowed, a leaked slot would refuse this one.
    expect((await send('errored')).status).toBe(200);
  });

  it('an edited limit applies to the next requests; bounds are checked', async () => {
    const updated = (await h.core.invoke(
      'updateToken',
      { tokenId: tokenId('errored'), limits: { maxConcurrent: 2 } },
      adminSessionActor,
    )) as Token;
    expect(updated.limits).toMatchObject({ maxConcurrent: 2, queueWaitSeconds: 0, maxQueued: 100 });
    // An edit changes the limits it names and keeps the others.
    const queueOnly = (await h.core.invoke(
      'updateToken',
      { tokenId: tokenId('burst'), limits: { maxQueued: 50 } },
      adminSessionActor,
    )) as Token;
    expect(queueOnly.limits).toMatchObject({ maxConcurrent: 2, queueWaitSeconds: 30, maxQueued: 50 });
    h.fake.holds.resetPeak();
    const both = [send('errored', { held: true }), send('errored', { held: true })];
    await h.fake.holds.untilHeld(2);
    h.fake.holds.release(2);
    expect((await Promise.all(both)).map((answer) => answer.status)).toEqual([200, 200]);
    for (const limits of [{ maxConcurrent: 0 }, { maxConcurrent: 1001 }, { queueWaitSeconds: 301 }, { maxQueued: -1 }]) {
      await expect(h.core.invoke('updateToken', { tokenId: tokenId('errored'), limits }, adminSessionActor)).rejects.toMatchObject({
        code: 'validation_failed',
      });
    }
  });
});
