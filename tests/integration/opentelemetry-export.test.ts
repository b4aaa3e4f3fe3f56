import { afterEach, expect, it } from 'vitest';
import { parsePrometheusText, sumOf } from '../support/prometheus-text';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/** OTLP/HTTP export of GenAI client spans and metrics, to a collector started by the test. */
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

const prompt = 'SECRET-PROMPT-MARKER tell me a story';

async function harness(env: Record<string, string>): Promise<ProxyHarness> {
  const h = await startProxyHarness({
    providers: [{ slug: 'anthropic' }, { slug: 'openai' }],
    tokens: [{ labels: { pipeline: 'deploy' } }],
    env: { OTEL_SERVICE_NAME: 'switchboard-test', OTEL_BSP_SCHEDULE_DELAY: '20', OTEL_METRIC_EXPORT_INTERVAL: '200', ...env },
  });
  stops.push(() => h.stop());
  return h;
}

async function plain(h: ProxyHarness) {
  const response = await fetch(`${h.endpoint}/ai/anthropic/v1/messages`, {
    method: 'POST',
    headers: {
      'x-api-key': h.tokens[0]!.value,
      'content-type': 'application/json',
      'x-fake-input': '1000',
      'x-fake-cache-read': '200',
      'x-fake-cache-write': '50',
      'x-switchboard-label-job': '42',
    },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: prompt }] }),
  });
  return { response, body: await response.text() };
}

async function streamed(h: ProxyHarness) {
  const response = await fetch(`${h.endpoint}/ai/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json', 'x-fake-chunks': '4' },
    body: JSON.stringify({ model: 'gpt-4.1-mini', stream: true, messages: [{ role: 'user', content: prompt }] }),
  });
  return { response, body: await response.text() };
}

it('sends one GenAI client span per request and the GenAI metrics, v1.41 names, labels as switchboard.* span attributes only', async () => {
  const receiver = await startOtlpReceiver();
  stops.push(() => receiver.close());
  const h = await harness({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
  const first = await plain(h);
  const second = await streamed(h);
  expect([first.response.status, second.response.status]).toEqual([200, 200]);
  const [plainRow, streamedRow] = [await h.rowOf(first.response), await h.rowOf(second.response)];
  await h.core.otel.flush();

  const spans = receiver.spans();
  expect(spans).toHaveLength(2);
  const chat = spans.find((s) => s.attributes['switchboard.request_id'] === plainRow.requestId)!;
  expect(chat).toMatchObject({
    name: 'chat claude-haiku-4-5',
    kind: 3, // CLIENT
    resource: expect.objectContaining({ 'service.name': 'switchboard-test' }),
    attributes: expect.objectContaining({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-haiku-4-5',
      'gen_ai.usage.input_tokens': 1250, // cache reads and writes included
      'gen_ai.usage.output_tokens': plainRow.outputTokens,
      'gen_ai.usage.cache_read.input_tokens': 200,
      'gen_ai.usage.cache_creation.input_tokens': 50,
      'http.response.status_code': 200,
      'switchboard.label.pipeline': 'deploy',
      'switchboard.label.job': '42',
      'switchboard.token_id': h.tokens[0]!.token.id,
    }),
  });
  expect(chat.endMs - chat.startMs).toBe(plainRow.latencyMs);
  const stream = spans.find((s) => s.attributes['switchboard.request_id'] === streamedRow.requestId)!;
  expect(stream.attributes).toMatchObject({ 'gen_ai.provider.name': 'openai', 'switchboard.streamed': true });
  expect(stream.attributes).not.toHaveProperty('gen_ai.response.time_to_first_chunk');
  expect(JSON.stringify(spans)).not.toContain('SECRET-PROMPT-MARKER');

  await receiver.until(() =>
    receiver.histograms().some((m) => m.name === 'gen_ai.client.operation.duration' && m.points.reduce((t, p) => t + p.count, 0) === 2),
  );
  const histograms = receiver.histograms();
  const tokens = histograms.find((m) => m.name === 'gen_ai.client.token.usage')!;
  expect(tokens.unit).toBe('{token}');
  const input = tokens.points.find(
    (p) => p.attributes['gen_ai.provider.name'] === 'anthropic' && p.attributes['gen_ai.token.type'] === 'input',
  )!;
  expect(input).toMatchObject({ count: 1, sum: 1250 });
  const output = tokens.points.filter((p) => p.attributes['gen_ai.token.type'] === 'output');
  expect(output.reduce((t, p) => t + p.sum, 0)).toBe(plainRow.outputTokens + streamedRow.outputTokens);
  const duration = histograms.find((m) => m.name === 'gen_ai.client.operation.duration')!;
  expect(duration.unit).toBe('s');
  expect(duration.points.reduce((t, p) => t + p.sum, 0)).toBeCloseTo((plainRow.latencyMs + streamedRow.latencyMs) / 1000, 6);
  const metricAttributes = histograms.flatMap((m) => m.points.flatMap((p) => Object.keys(p.attributes)));
  expect(metricAttributes.filter((name) => name.startsWith('switchboard.'))).toEqual([]);
  expect(histograms.map((m) => m.name)).not.toContain('gen_ai.client.operation.time_to_first_chunk');
});

it('speaks the latest GenAI names when OTEL_SEMCONV_STABILITY_OPT_IN asks for them', async () => {
  const receiver = await startOtlpReceiver();
  stops.push(() => receiver.close());
  const h = await harness({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SEMCONV_STABILITY_OPT_IN: 'http,gen_ai_latest_experimental' });
  const first = await plain(h);
  const second = await streamed(h);
  const streamedRow = await h.rowOf(second.response);
  await h.rowOf(first.response);
  await h.core.otel.flush();
  const spans = receiver.spans();
  const chat = spans.find((s) => s.attributes['gen_ai.provider.name'] === 'anthropic')!;
  expect(chat.attributes).toMatchObject({ 'gen_ai.usage.cache_write.input_tokens': 50, 'gen_ai.usage.input_tokens': 1250 });
  expect(chat.attributes).not.toHaveProperty('gen_ai.usage.cache_creation.input_tokens');
  const stream = spans.find((s) => s.attributes['gen_ai.provider.name'] === 'openai')!;
  expect(stream.attributes['gen_ai.response.time_to_first_chunk']).toBe(streamedRow.ttfbMs! / 1000);
  await receiver.until(() => receiver.histograms().some((m) => m.name === 'gen_ai.client.operation.time_to_first_chunk'));
  expect(receiver.histograms().find((m) => m.name === 'gen_ai.client.operation.time_to_first_chunk')!.unit).toBe('s');
});

it('with the collector down, answers are unchanged; spans beyond the bounded queue are dropped and counted', async () => {
  const gone = await startOtlpReceiver();
  await gone.close(); // a port nobody listens on any more
  const reference = await harness({ OTEL_SDK_DISABLED: 'true' });
  const h = await harness({
    OTEL_EXPORTER_OTLP_ENDPOINT: gone.url,
    OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
    OTEL_BSP_MAX_QUEUE_SIZE: '5',
    OTEL_BSP_SCHEDULE_DELAY: '600000',
  });
  expect(reference.core.otel.exporting()).toBe(false);

  const expected = await Promise.all([plain(reference), streamed(reference)]);
  for (let i = 0; i < 15; i++) {
    const answers = await Promise.all([plain(h), streamed(h)]);
    expect(answers.map((a) => a.response.status)).toEqual([200, 200]);
    expect(answers[0]!.body).toBe(expected[0]!.body);
    expect(answers[1]!.body.replace(/"id":"[^"]*"/g, '')).toBe(expected[1]!.body.replace(/"id":"[^"]*"/g, ''));
  }
  await h.waitForRows(30);
  expect(h.core.otel.stats()).toMatchObject({ spansDropped: 25, spansQueued: 5, spansExported: 0 });
  const cookie = (await fetch(h.server.loginUrl, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
  const metrics = parsePrometheusText(await (await fetch(`${h.server.baseUrl}/metrics`, { headers: { cookie } })).text());
  expect(sumOf(metrics, 'switchboard_otel_spans', { state: 'dropped' })).toBe(25);
  await h.core.otel.flush().catch(() => undefined);
  expect(h.core.otel.stats()).toMatchObject({ spansFailed: 5, spansQueued: 0, spansExported: 0 });
});

it('sends a child span per upstream attempt of a routed request: the first target fails, the second answers', async () => {
  const receiver = await startOtlpReceiver();
  stops.push(() => receiver.close());
  const h = await startProxyHarness({
    providers: [
      { slug: 'anthropic', name: 'primary', baseUrl: (url) => `${url}/t/primary` },
      { slug: 'anthropic', name: 'backup', baseUrl: (url) => `${url}/t/backup` },
    ],
    env: { OTEL_SERVICE_NAME: 'switchboard-test', OTEL_BSP_SCHEDULE_DELAY: '20', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
  });
  stops.push(() => h.stop());
  const [primary, backup] = h.providers;
  await h.core.invoke(
    'createRoute',
    { name: 'resilient', family: 'anthropic', targets: [{ aiProviderId: primary!.id }, { aiProviderId: backup!.id }] },
    adminSessionActor,
  );
  h.fake.faults.script('primary', { status: 500 });
  const response = await fetch(`${h.endpoint}/ai/resilient/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 32, messages: [{ role: 'user', content: prompt }] }),
  });
  expect(response.status).toBe(200);
  const row = await h.rowOf(response);
  await h.core.otel.flush();

  const spans = receiver.spans();
  expect(spans).toHaveLength(3);
  const parent = spans.find((s) => s.parentSpanId === null)!;
  expect(parent.attributes).toMatchObject({
    'switchboard.request_id': row.requestId,
    'switchboard.attempts': 2,
    'switchboard.ai_provider_id': backup!.id,
    'http.response.status_code': 200,
  });
  const children = spans.filter((s) => s.parentSpanId !== null).sort((a, b) => a.startMs - b.startMs);
  expect(children.map((c) => [c.parentSpanId, c.traceId, c.kind])).toEqual([
    [parent.spanId, parent.traceId, 3],
    [parent.spanId, parent.traceId, 3],
  ]);
  const [failed, answered] = children;
  expect(failed!.attributes).toMatchObject({
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.request.model': 'claude-haiku-4-5',
    'switchboard.ai_provider_id': primary!.id,
    'switchboard.attempt': 1,
    'http.response.status_code': 500,
    'error.type': '500',
  });
  expect(failed!.attributes).not.toHaveProperty('switchboard.retry_reason');
  expect(failed!.status.code).toBe(2); // ERROR
  expect(answered!.attributes).toMatchObject({
    'switchboard.ai_provider_id': backup!.id,
    'switchboard.attempt': 2,
    'http.response.status_code': 200,
    'switchboard.retry_reason': '500',
    'switchboard.retry_kind': 'fallback',
  });
  expect(answered!.attributes).not.toHaveProperty('error.type');
  for (const child of children) {
    expect(child.endMs - child.startMs).toBe(child.attributes['switchboard.duration_ms']);
    expect(child.startMs).toBeGreaterThanOrEqual(parent.startMs);
  }
  expect(failed!.endMs).toBeLessThanOrEqual(answered!.startMs);
});
