import { afterAll, beforeAll, expect, it } from 'vitest';
import { canaryKey, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

/** One structured log line per request (SWITCHBOARD_LOG_FORMAT=json), carrying the request id, never a key or a body. */
let h: ProxyHarness;
beforeAll(async () => {
  h = await startProxyHarness({ providers: [{ slug: 'anthropic' }], tokens: [{ labels: { pipeline: 'deploy' } }], logFormat: 'json' });
});
afterAll(() => h.stop());

const ask = (headers: Record<string, string> = {}) =>
  fetch(`${h.endpoint}/ai/anthropic/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': h.tokens[0]!.value, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'BODY-MARKER' }] }),
  });

const requestLines = () => h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'request');

it('logs each request once as one JSON object with its request id, status, usage and timings', async () => {
  const ok = await ask();
  await ok.text();
  const failed = await ask({ 'x-fake-status': '500', 'x-fake-echo-key': '1' });
  await failed.text();
  const [okRow, failedRow] = [await h.rowOf(ok), await h.rowOf(failed)];

  const lines = requestLines();
  expect(lines).toHaveLength(2);
  expect(lines.find((l) => l.requestId === okRow.requestId)).toMatchObject({
    level: 'info',
    status: 200,
    outcome: 'ok',
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    pipeline: 'deploy',
    inputTokens: okRow.inputTokens,
    outputTokens: okRow.outputTokens,
    latencyMs: okRow.latencyMs,
    attempts: 1,
    time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
  });
  expect(lines.find((l) => l.requestId === failedRow.requestId)).toMatchObject({ level: 'warn', status: 500, outcome: 'upstream_error' });
  const everything = h.logLines.join('\n');
  expect(everything).not.toContain(canaryKey('anthropic'));
  expect(everything).not.toContain('BODY-MARKER');
  expect(everything).not.toContain(h.tokens[0]!.value);
});
