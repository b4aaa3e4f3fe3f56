import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { spawnServe, type ServeProcess } from '../support/built-cli';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { makeTempDir } from '../support/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let fake: FakeUpstream;
beforeEach(async () => {
  temp = makeTempDir();
  fake = await startFakeUpstream();
});
afterEach(async () => {
  await fake.close();
  temp.cleanup();
});

/** The built `serve`, set up over REST as an admin would: a key, an Anthropic provider on the fake upstream, a job token. */
async function configuredServe(
  env: Record<string, string> = {},
): Promise<{ serve: ServeProcess; send(stream?: boolean, extra?: Record<string, string>): Promise<Response> }> {
  const serve = await spawnServe(['--port', '0', '--data-dir', temp.dir], {
    SWITCHBOARD_VAULT: 'file',
    SWITCHBOARD_MASTER_KEY: 'test',
    ...env,
  });
  const login = await fetch(serve.lines['Admin UI']!, { redirect: 'manual' });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const post = async (route: string, body: unknown) => {
    const response = await fetch(`${serve.lines['API']}${route}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; value: string };
  };
  const secret = await post('/secrets', { name: 'anthropic key', value: 'sk-ant-shutdown-test-000000' });
  await post('/ai-providers', {
    name: 'anthropic',
    provider: 'anthropic',
    defaultModel: 'claude-haiku-4-5',
    baseUrl: fake.url,
    secretId: secret.id,
  });
  const { value } = await post('/tokens', { name: 'ci', kind: 'job' });
  const send = (stream = false, extra: Record<string, string> = {}) =>
    fetch(`${serve.lines['Agent endpoint']}/ai/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': value, 'content-type': 'application/json', ...extra },
      body: JSON.stringify({ max_tokens: 16, stream, messages: [{ role: 'user', content: 'hi' }] }),
    });
  return { serve, send };
}

const usageRows = (): number => {
  const db = new Database(path.join(temp.dir, 'switchboard.db'), { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM usage_records').pluck().get() as number;
  } finally {
    db.close();
  }
};

it('SIGTERM while streams are in flight: they finish, and every request has its usage row', async () => {
  const { serve, send } = await configuredServe();
  const finished = await Promise.all(Array.from({ length: 40 }, () => send()));
  expect(finished.every((response) => response.status === 200)).toBe(true);
  await Promise.all(finished.map((response) => response.text()));
  const slow = Array.from({ length: 20 }, () =>
    send(true, { 'x-fake-chunks': '10', 'x-fake-chunk-delay-ms': '40' }).then((response) => response.text()),
  );
  while (fake.open() < 20) await new Promise((resolve) => setTimeout(resolve, 10));
  const exited = serve.stop('SIGTERM'); // rows of the first 40 may still be queued; 20 streams are half way
  const texts = await Promise.all(slow);
  expect(texts.every((text) => text.includes('event: message_stop'))).toBe(true);
  expect(await exited).toBe(0);
  expect(usageRows()).toBe(60);
  expect(fake.totals.requests).toBe(60);
});

it('SIGTERM with streams longer than the drain: each is cut with an error event and recorded as shutdown with the usage reported so far', async () => {
  const { serve, send } = await configuredServe({ SWITCHBOARD_SHUTDOWN_DRAIN_MS: '1000' });
  // 200 chunks 100 ms apart: 20 s each, far beyond the 1 s drain.
  const long = Array.from({ length: 20 }, () =>
    send(true, { 'x-fake-chunks': '200', 'x-fake-chunk-delay-ms': '100' }).then((response) => response.text()),
  );
  while (fake.open() < 20) await new Promise((resolve) => setTimeout(resolve, 10));
  const exited = serve.stop('SIGTERM');
  const texts = await Promise.all(long);
  expect(await exited).toBe(0);
  for (const text of texts) {
    expect(text).toContain('event: message_start');
    expect(text).not.toContain('event: message_stop');
    expect(text.trimEnd().split('\n\n').at(-1)).toMatch(/^event: error\ndata: .*"code":"shutdown"/);
  }
  const db = new Database(path.join(temp.dir, 'switchboard.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT status, outcome, input_tokens AS inputTokens FROM usage_records').all();
    expect(rows).toEqual(Array.from({ length: 20 }, () => ({ status: 200, outcome: 'shutdown', inputTokens: 11 })));
  } finally {
    db.close();
  }
});

it('kill -9 loses at most the last flush window: rows of requests answered 150 ms earlier are on disk', async () => {
  const { serve, send } = await configuredServe();
  for (let i = 0; i < 30; i++) expect((await send().then(async (response) => (await response.text(), response))).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 150));
  await serve.stop('SIGKILL');
  expect(usageRows()).toBe(30);
});
