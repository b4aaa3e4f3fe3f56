import { existsSync, readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { apiClient } from '../support/api-client';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/** OpenTelemetry export set from Settings (REST here; the desktop app's Settings screen calls the same operations). */
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** A vendor's ingest key: it must never leave the vault except towards the collector. */
const canaryHeader = `Bearer otlp-canary-${'Q'.repeat(32)}`;

async function harness(env: Record<string, string> = {}) {
  const h = await startProxyHarness({
    providers: [{ slug: 'anthropic' }],
    env: { OTEL_BSP_SCHEDULE_DELAY: '20', OTEL_METRIC_EXPORT_INTERVAL: '200', ...env },
  });
  stops.push(() => h.stop());
  const cookie = (await fetch(h.server.loginUrl, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
  return { h, admin: apiClient(h.server, { cookie }) };
}

async function ask(h: ProxyHarness) {
  const response = await fetch(`${h.endpoint}/ai/anthropic/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(response.status).toBe(200);
  return h.rowOf(response);
}

it('round-trips the settings, exports at once once enabled, and never shows a header value', async () => {
  const receiver = await startOtlpReceiver();
  stops.push(() => receiver.close());
  const { h, admin } = await harness();

  const initial = await admin.get('/system/telemetry');
  expect(initial.body).toEqual({
    enabled: false,
    endpoint: null,
    protocol: 'http/json',
    serviceName: 'switchboard',
    headers: [],
    overriddenBy: [],
    exporting: false,
  });
  await ask(h); // nothing is exported while off
  expect(h.core.otel.exporting()).toBe(false);

  const changed = await admin.patch('/system/telemetry', {
    enabled: true,
    endpoint: receiver.url,
    serviceName: 'gateway-eu',
    headers: [{ name: 'authorization', value: canaryHeader }],
  });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({
    enabled: true,
    endpoint: receiver.url,
    serviceName: 'gateway-eu',
    headers: [{ name: 'authorization', set: true }],
    exporting: true,
  });

  const row = await ask(h);
  await h.core.otel.flush();
  const spans = receiver.spans();
  expect(spans.map((s) => s.attributes['switchboard.request_id'])).toEqual([row.requestId]);
  expect(spans[0]!.resource['service.name']).toBe('gateway-eu');
  expect(receiver.headers().some((sent) => sent.authorization === canaryHeader)).toBe(true);

  // Other changes keep the headers; a header is added, and one removed, by name.
  const kept = await admin.patch('/system/telemetry', { serviceName: 'gateway-eu-2', headers: [{ name: 'x-tenant', value: 'eu' }] });
  expect(kept.body.headers).toEqual([
    { name: 'authorization', set: true },
    { name: 'x-tenant', set: true },
  ]);
  await ask(h);
  await h.core.otel.flush();
  expect(receiver.headers().at(-1)).toMatchObject({ authorization: canaryHeader, 'x-tenant': 'eu' });
  const removed = await admin.patch('/system/telemetry', { headers: [{ name: 'Authorization', value: null }] });
  expect(removed.body.headers).toEqual([{ name: 'x-tenant', set: true }]);
  // Turning export off stops it at once.
  const off = await admin.patch('/system/telemetry', { enabled: false });
  expect(off.body).toMatchObject({ enabled: false, exporting: false });

  const audit = await admin.get('/audit-events?limit=50');
  const event = audit.body.items.find((e: { action: string; targetId: string }) => e.targetId === 'otel');
  expect(event).toMatchObject({ action: 'system:UpdateSettings' });

  const everything = [
    initial.text,
    changed.text,
    kept.text,
    removed.text,
    off.text,
    audit.text,
    (await admin.get('/system/telemetry')).text,
    h.logLines.join('\n'),
    ...['', '-wal']
      .map((suffix) => `${h.core.db.name}${suffix}`)
      .filter(existsSync)
      .map((file) => readFileSync(file, 'latin1')),
  ].join('\n');
  expect(everything).not.toContain('otlp-canary-');
});

it('lets the OTEL_* variables override the settings and says which do', async () => {
  const receiver = await startOtlpReceiver();
  stops.push(() => receiver.close());
  const { h, admin } = await harness({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'from-env' });
  const settings = await admin.patch('/system/telemetry', {
    enabled: true,
    endpoint: 'http://127.0.0.1:9/nowhere',
    serviceName: 'from-settings',
  });
  expect(settings.body).toMatchObject({ overriddenBy: ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME'], exporting: true });
  await ask(h);
  await h.core.otel.flush();
  expect(receiver.spans()).toHaveLength(1);
  expect(receiver.spans()[0]!.resource['service.name']).toBe('from-env');
});

it('refuses a bad endpoint, a header twice and a header value on two lines with a 400 naming the field', async () => {
  const { admin } = await harness();
  const cases = [
    [{ endpoint: 'ftp://collector' }, 'endpoint'],
    [
      {
        headers: [
          { name: 'a', value: '1' },
          { name: 'A', value: '2' },
        ],
      },
      'headers',
    ],
    [{ headers: [{ name: 'x-key', value: 'one\r\ninjected: yes' }] }, 'headers'],
    [{ headers: [{ name: 'bad name', value: '1' }] }, 'headers'],
  ] as const;
  for (const [input, field] of cases) {
    const refused = await admin.patch('/system/telemetry', input);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(field);
  }
});
