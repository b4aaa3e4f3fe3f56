import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OperationInput, Route } from '../../shared/operations';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';
import { testClock } from '../support/test-clock';
import type { Fault } from '../support/fake-upstream/faults';

let h: ProxyHarness;
const clock = testClock();
const awsKeys = JSON.stringify({ accessKeyId: 'AKIDROUTES00000000000', secretAccessKey: 'aws-secret-routes-ZZZZZZZZZZZZZZZZZZZZ' });
const poolKey = (n: number) => `sk-ant-pool-${n}-${'P'.repeat(24)}`;
const target = (name: string) => (fakeUrl: string) => `${fakeUrl}/t/${name}`;

beforeAll(async () => {
  h = await startProxyHarness({
    clock,
    providers: [
      { slug: 'anthropic', name: 'primary', baseUrl: target('primary') },
      { slug: 'anthropic', name: 'backup', baseUrl: target('backup') },
      { slug: 'anthropic', name: 'third', baseUrl: target('third') },
      { slug: 'openai', name: 'oa-primary', baseUrl: target('oa-primary') },
      { slug: 'openai', name: 'oa-backup', baseUrl: target('oa-backup') },
      { slug: 'bedrock', name: 'bd-primary', baseUrl: target('bd-primary'), secret: awsKeys, config: { region: 'eu-west-1' } },
      { slug: 'bedrock', name: 'bd-backup', baseUrl: target('bd-backup'), secret: awsKeys, config: { region: 'eu-west-1' } },
      { slug: 'anthropic', name: 'pooled', baseUrl: target('pooled'), secret: poolKey(1) },
    ],
    // A head that never comes is given up quickly; a stream that stops mid-way too.
    options: { timeouts: { firstByteMs: 300, idleMs: 300 } },
  });
});
afterAll(() => h.stop());
beforeEach(() => h.fake.faults.reset());

const faults = () => h.fake.faults;
const jobToken = () => h.tokens[0]!.value;
const providerId = (name: string) => h.providers.find((p) => p.name === name)!.id;
let routes = 0;

/** A new route (each test its own, so breakers and rotation start fresh) over the named providers. */
async function route(targets: string[], fields: Partial<OperationInput<'createRoute'>> = {}): Promise<Route> {
  const family = targets[0]!.startsWith('oa-') ? 'openai' : targets[0]!.startsWith('bd-') ? 'bedrock' : 'anthropic';
  return (await h.core.invoke(
    'createRoute',
    { name: `route-${++routes}`, family, targets: targets.map((name) => ({ aiProviderId: providerId(name) })), ...fields },
    adminSessionActor,
  )) as Route;
}

const message = (stream = false) =>
  JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 32, stream, messages: [{ role: 'user', content: 'hi' }] });

function call(via: string, options: { stream?: boolean; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${h.endpoint}/ai/${via}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': jobToken(), 'content-type': 'application/json', ...options.headers },
    body: message(options.stream),
  });
}

/** The bytes one upstream sends for the same request, asked directly (no target: not counted). */
async function upstreamBytes(stream: boolean, headers: Record<string, string> = {}): Promise<string> {
  const answer = await fetch(`${h.fake.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: message(stream),
  });
  return answer.text();
}

const hits = (...names: string[]) => names.map((name) => faults().hits(name));

describe('routes: when a request is tried again', () => {
  const retried: [string, Fault][] = [
    ['408', { status: 408 }],
    ['429', { status: 429 }],
    ['500', { status: 500 }],
    ['502', { status: 502 }],
    ['503', { status: 503 }],
    ['504', { status: 504 }],
    ['529', { status: 529 }],
    ['a connection reset', { reset: true }],
    ['a timeout before the first byte', { stall: 'headers' }],
  ];
  it.each(retried)('%s on the first target: one hit there, one on the next, one clean answer', async (_kind, fault) => {
    const r = await route(['primary', 'backup']);
    faults().script('primary', fault);
    const answer = await call(r.name);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(await upstreamBytes(false));
    expect(hits('primary', 'backup')).toEqual([1, 1]);
    const row = await h.rowOf(answer);
    expect(row).toMatchObject({ routeId: r.id, aiProviderId: providerId('backup'), attempts: 2, status: 200, outcome: 'ok' });
    expect(row.attemptLog!.map((a) => [a.aiProviderId, a.errorCode])).toEqual([
      [providerId('primary'), row.attemptLog![0]!.errorCode],
      [providerId('backup'), null],
    ]);
    expect(row.attemptLog![0]!.errorCode).not.toBeNull();
    expect(answer.headers.get('x-switchboard-target')).toBe(providerId('backup'));
  });

  it('an answer that is the client’s (400) is passed on at once: no retry', async () => {
    const r = await route(['primary', 'backup']);
    faults().script('primary', { status: 400 });
    const answer = await call(r.name);
    expect(answer.status).toBe(400);
    expect(hits('primary', 'backup')).toEqual([1, 0]);
    expect(await h.rowOf(answer)).toMatchObject({ attempts: 1, status: 400 });
  });

  it('the default budget is one retry: three failing targets get 1, 1 and 0 hits, the last failure is the answer', async () => {
    const r = await route(['primary', 'backup', 'third']);
    faults().script('primary', { status: 503 });
    faults().script('backup', { status: 502 });
    const answer = await call(r.name);
    expect(answer.status).toBe(502);
    expect(hits('primary', 'backup', 'third')).toEqual([1, 1, 0]);
    // Nothing was billed: no tokens, no cost.
    expect(await h.rowOf(answer)).toMatchObject({ attempts: 2, aiProviderId: providerId('backup'), inputTokens: 0, costMicroUsd: 0 });
  });

  it('Retry-After within the bound is waited for on the same target; beyond it the answer goes to the client', async () => {
    const retry = { maxAttempts: 2, attemptsPerTarget: 2, backoffMs: 1, maxWaitMs: 2_000, retryOn: ['503' as const] };
    const r = await route(['primary'], { retry });
    faults().script('primary', { status: 503, retryAfterMs: '20' });
    expect((await call(r.name)).status).toBe(200);
    expect(hits('primary')).toEqual([2]);

    faults().script('primary', { status: 503, retryAfter: '30' });
    const refused = await call(r.name);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(hits('primary')).toEqual([3]);

    faults().script('primary', { status: 503 });
    expect((await call(r.name)).status).toBe(200);
    expect(hits('primary')).toEqual([5]);
  });

  it('a Retry-After beyond the bound moves on to the next target at once', async () => {
    const r = await route(['primary', 'backup'], {
      retry: { maxAttempts: 3, attemptsPerTarget: 2, backoffMs: 1, maxWaitMs: 1_000, retryOn: ['429'] },
    });
    faults().script('primary', { status: 429, retryAfter: '60' });
    expect((await call(r.name)).status).toBe(200);
    expect(hits('primary', 'backup')).toEqual([1, 1]);
  });

  it('nothing is retried after the first content byte: the client gets one upstream’s cut stream', async () => {
    const r = await route(['primary', 'backup']);
    // Cut after message_start, content_block_start and the ping: content has gone out.
    const answer = await call(r.name, { stream: true, headers: { 'x-fake-stall': 'body', 'x-fake-stall-at': '4' } });
    expect(answer.status).toBe(200);
    const text = await answer.text();
    const whole = await upstreamBytes(true);
    const sent = whole.split('\n\n').slice(0, 4).join('\n\n') + '\n\n';
    expect(text.startsWith(sent)).toBe(true);
    expect(text.slice(sent.length)).toMatch(/^event: error\n/);
    expect(hits('primary', 'backup')).toEqual([1, 0]);
    expect(await h.rowOf(answer)).toMatchObject({ attempts: 1, outcome: 'upstream_timeout' });
  });

  it('a stream cut before any content (only message_start sent) is as good as no answer: the next target answers', async () => {
    const r = await route(['primary', 'backup']);
    faults().script('backup');
    const answer = await call(r.name, { stream: true, headers: { 'x-fake-stall': 'body', 'x-fake-stall-at': '1' } });
    // The backup is stalled the same way, and is the last attempt: its cut stream is the answer.
    expect(await answer.text()).toContain('event: error');
    expect(hits('primary', 'backup')).toEqual([1, 1]);
  });

  it('overloaded_error after message_start, before content, moves to the next target invisibly', async () => {
    const r = await route(['primary', 'backup']);
    faults().script('primary', { overloadedAfterStart: true });
    const answer = await call(r.name, { stream: true });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(await upstreamBytes(true));
    expect(hits('primary', 'backup')).toEqual([1, 1]);
    const row = await h.rowOf(answer);
    expect(row).toMatchObject({ aiProviderId: providerId('backup'), attempts: 2, inputTokens: 11, outputTokens: 6 });
    expect(row.attemptLog!.map((a) => a.errorCode)).toEqual(['stream_error', null]);
  });

  it('a Bedrock stream throttled after messageStart, before content, moves to the next target invisibly', async () => {
    const r = await route(['bd-primary', 'bd-backup']);
    faults().script('bd-primary', { throttledAfterStart: true });
    const path = '/model/anthropic.claude-3-5-haiku-20241022-v1:0/converse-stream';
    const answer = await fetch(`${h.endpoint}/ai/${r.name}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jobToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [] }),
    });
    expect(answer.status).toBe(200);
    const direct = await fetch(`${h.fake.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"messages":[]}',
    });
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(Buffer.from(await direct.arrayBuffer()));
    expect(hits('bd-primary', 'bd-backup')).toEqual([1, 1]);
    expect(await h.rowOf(answer)).toMatchObject({ aiProviderId: providerId('bd-backup'), attempts: 2, inputTokens: 11, outputTokens: 6 });
  });

  it('an overloaded stream on the last attempt reaches the client as the upstream sent it', async () => {
    const r = await route(['primary']);
    faults().script('primary', { overloadedAfterStart: true });
    const text = await (await call(r.name, { stream: true })).text();
    expect(text).toContain('overloaded_error');
    expect(text).toContain('event: message_start');
    expect(hits('primary')).toEqual([1]);
  });
});

describe('routes: circuit breakers', () => {
  it('open after N failures, skip the target (0 hits), let one probe through, close on success', async () => {
    const r = await route(['primary', 'backup'], { breaker: { failureThreshold: 2, windowMs: 60_000, openMs: 30_000 } });
    faults().script('primary', { status: 500 }, { status: 500 });
    for (let i = 0; i < 2; i++) expect((await call(r.name)).status).toBe(200);
    expect(hits('primary', 'backup')).toEqual([2, 2]);
    const breakerOf = async () =>
      (
        (await h.core.invoke('getSystemStatus', {}, adminSessionActor)) as {
          upstreamHealth: { breakers: { routeId: string; state: string }[] };
        }
      ).upstreamHealth.breakers.find((b) => b.routeId === r.id)!.state;
    expect(await breakerOf()).toBe('open');

    // Open: the target is skipped without a single hit.
    for (let i = 0; i < 3; i++) expect((await call(r.name)).status).toBe(200);
    expect(hits('primary', 'backup')).toEqual([2, 5]);

    // Half-open: one probe at a time. The probe stalls; a second request meanwhile skips the target.
    clock.advance(30_001);
    expect(await breakerOf()).toBe('half_open');
    faults().script('primary', { stall: 'headers' });
    const probe = call(r.name);
    while (hits('primary')[0] === 2) await new Promise((resolve) => setImmediate(resolve));
    expect((await call(r.name)).status).toBe(200);
    expect(hits('primary', 'backup')).toEqual([3, 6]);
    // The probe timed out: open again (and its request was answered by the backup).
    expect((await probe).status).toBe(200);
    expect(await breakerOf()).toBe('open');

    clock.advance(30_001);
    const healed = await call(r.name);
    expect(healed.headers.get('x-switchboard-target')).toBe(providerId('primary'));
    expect(await breakerOf()).toBe('closed');
    expect((await call(r.name)).headers.get('x-switchboard-target')).toBe(providerId('primary'));
    expect(hits('primary', 'backup')).toEqual([5, 7]);
  });

  it('with every breaker open the route answers 502 at once with Retry-After, sending nothing', async () => {
    const r = await route(['primary'], { breaker: { failureThreshold: 1, windowMs: 60_000, openMs: 30_000 } });
    faults().script('primary', { status: 500 });
    expect((await call(r.name)).status).toBe(500);
    const refused = await call(r.name);
    expect(refused.status).toBe(502);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(hits('primary')).toEqual([1]);
    expect(await h.rowOf(refused)).toMatchObject({ attempts: 0, routeId: r.id });
  });
});

describe('routes: strategy, pinning, permissions', () => {
  it('weighted balance over 1,000 requests lands on the weights (3:1) within ±5 %', async () => {
    const r = await route(['primary', 'backup'], { strategy: 'weighted' });
    await h.core.invoke(
      'updateRoute',
      {
        routeId: r.id,
        targets: [
          { aiProviderId: providerId('primary'), weight: 3 },
          { aiProviderId: providerId('backup'), weight: 1 },
        ],
      },
      adminSessionActor,
    );
    for (let batch = 0; batch < 50; batch++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => call(r.name)));
      await Promise.all(answers.map((a) => a.arrayBuffer()));
    }
    const [primary, backup] = hits('primary', 'backup');
    expect(primary! + backup!).toBe(1000);
    expect(Math.abs(primary! - 750)).toBeLessThanOrEqual(37);
  });

  it('a follow-up turn pins to one target by header, or by the target flagged for signed thinking', async () => {
    const r = await route(['primary', 'backup']);
    faults().script('primary', { status: 529 });
    const pinned = await call(r.name, { headers: { 'x-switchboard-target': providerId('primary') } });
    expect(pinned.status).toBe(529);
    expect(hits('primary', 'backup')).toEqual([1, 0]);

    await h.core.invoke(
      'updateRoute',
      { routeId: r.id, targets: [{ aiProviderId: providerId('primary') }, { aiProviderId: providerId('backup'), pinFollowUps: true }] },
      adminSessionActor,
    );
    const followUp = JSON.stringify({
      model: 'claude-haiku-4-5',
      max_tokens: 32,
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: '…', signature: 'sig-from-backup' },
            { type: 'text', text: 'hello' },
          ],
        },
        { role: 'user', content: 'more' },
      ],
    });
    const answer = await fetch(`${h.endpoint}/ai/${r.name}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': jobToken(), 'content-type': 'application/json' },
      body: followUp,
    });
    expect(answer.headers.get('x-switchboard-target')).toBe(providerId('backup'));
    expect(hits('primary', 'backup')).toEqual([1, 1]);
  });

  it('a model override replaces the client’s model on that target', async () => {
    const r = await route(['primary', 'backup']);
    await h.core.invoke(
      'updateRoute',
      {
        routeId: r.id,
        targets: [{ aiProviderId: providerId('primary') }, { aiProviderId: providerId('backup'), model: 'claude-sonnet-4-5' }],
      },
      adminSessionActor,
    );
    faults().script('primary', { status: 503 });
    const answer = await call(r.name);
    expect(((await answer.json()) as { model: string }).model).toBe('claude-sonnet-4-5');
  });

  it('a job token’s allowed providers may name a route; the targets need not be allowed themselves', async () => {
    const r = await route(['primary', 'backup']);
    const { value } = (await h.core.invoke(
      'createToken',
      { name: 'route only', kind: 'job', allowedProviders: [r.name] },
      adminSessionActor,
    )) as { value: string };
    const via = (ref: string) =>
      fetch(`${h.endpoint}/ai/${ref}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': value, 'content-type': 'application/json' },
        body: message(),
      });
    expect((await via(r.name)).status).toBe(200);
    expect((await via(providerId('primary'))).status).toBe(403);
    expect((await via('no-such-route')).status).toBe(404);
  });

  it('refuses a target of another wire family, and keeps a provider a route sends to from being deleted', async () => {
    await expect(route(['primary', 'oa-primary'])).rejects.toMatchObject({ code: 'validation_failed' });
    const r = await route(['primary', 'backup']);
    await expect(h.core.invoke('deleteAiProvider', { aiProviderId: providerId('backup') }, adminSessionActor)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      h.core.invoke(
        'createRoute',
        { name: r.name, family: 'anthropic', targets: [{ aiProviderId: providerId('primary') }] },
        adminSessionActor,
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      h.core.invoke(
        'createRoute',
        { name: 'anthropic', family: 'anthropic', targets: [{ aiProviderId: providerId('primary') }] },
        adminSessionActor,
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('key pools', () => {
  it('three keys, one answering 429: requests flow on the other two, the third returns after its cooldown', async () => {
    const pool: string[] = [];
    for (const n of [2, 3]) {
      const secret = (await h.core.invoke('createSecret', { name: `pool key ${n}`, value: poolKey(n) }, adminSessionActor)) as {
        id: string;
      };
      pool.push(secret.id);
    }
    const pooled = providerId('pooled');
    await h.core.invoke('updateAiProvider', { aiProviderId: pooled, poolSecretIds: pool }, adminSessionActor);
    faults().throttle('pool-3', true, '60000');
    for (let i = 0; i < 9; i++) expect((await call(pooled)).status).toBe(200);
    // The throttled key was tried once (and that request went on with another key at once); the others took the rest.
    expect(faults().keyHits('pool-3')).toBe(1);
    expect(faults().keyHits('pool-1') + faults().keyHits('pool-2')).toBe(9);
    expect(Math.abs(faults().keyHits('pool-1') - faults().keyHits('pool-2'))).toBeLessThanOrEqual(1);
    const keysOf = async () =>
      (
        (await h.core.invoke('getSystemStatus', {}, adminSessionActor)) as {
          upstreamHealth: { keys: { secretId: string; state: string }[] };
        }
      ).upstreamHealth.keys;
    expect((await keysOf()).find((k) => k.secretId === pool[1])).toMatchObject({ state: 'cooling', lastStatus: 429 });

    faults().throttle('pool-3', false);
    clock.advance(60_001);
    for (let i = 0; i < 3; i++) expect((await call(pooled)).status).toBe(200);
    expect(faults().keyHits('pool-3')).toBe(2);
    expect((await keysOf()).every((k) => k.state === 'ready')).toBe(true);
  });

  it('a key refused with 401 raises the admin notification, rests, and the request goes on with the next key', async () => {
    const pooled = providerId('pooled');
    const rejected: string[] = [];
    const off = h.core.events.on('upstream.authRejected', ({ aiProviderId }) => rejected.push(aiProviderId));
    faults().reset();
    const bad = (await h.core.invoke(
      'createSecret',
      { name: 'revoked pool key', value: 'sk-ant-revoked-pool-9-QQQQQQQQQQQQQQQQ' },
      adminSessionActor,
    )) as {
      id: string;
    };
    const provider = (await h.core.invoke('getAiProvider', { aiProviderId: pooled }, adminSessionActor)) as { poolSecretIds: string[] };
    await h.core.invoke(
      'updateAiProvider',
      { aiProviderId: pooled, poolSecretIds: [bad.id, ...provider.poolSecretIds] },
      adminSessionActor,
    );
    for (let i = 0; i < 4; i++) expect((await call(pooled)).status).toBe(200);
    off();
    expect(faults().keyHits('pool-9')).toBe(1);
    expect(rejected).toEqual([pooled]);
  });
});

describe('routes: the official SDKs, streaming, through a route whose first target fails', () => {
  it('@anthropic-ai/sdk gets one clean answer', async () => {
    const r = await route(['primary', 'backup']);
    faults().script('primary', { overloadedAfterStart: true });
    const client = new Anthropic({ baseURL: `${h.endpoint}/ai/${r.name}`, apiKey: jobToken(), maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts.join('')).toBe('ok-0 ok-1 ok-2 ');
    expect(final.usage.output_tokens).toBe(6);
    expect(hits('primary', 'backup')).toEqual([1, 1]);
  });

  it('openai gets one clean answer', async () => {
    const r = await route(['oa-primary', 'oa-backup']);
    faults().script('oa-primary', { status: 503 });
    const client = new OpenAI({ baseURL: `${h.endpoint}/ai/${r.name}/v1`, apiKey: jobToken(), maxRetries: 0 });
    const chunks = [];
    for await (const chunk of await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    }))
      chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('ok-0 ok-1 ok-2 ');
    expect(hits('oa-primary', 'oa-backup')).toEqual([1, 1]);
  });
});
