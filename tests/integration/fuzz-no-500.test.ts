import fc from 'fast-check';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../shared/operations';
import { restBasePath } from '../../shared/paths';
import { permissions } from '../../shared/permissions';
import { compileRestRoutes } from '../../electron/core/api/rest-routes';
import { mcpToolTable } from '../../electron/core/mcp/mcp-tools';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { storeFieldNames } from '../support/fuzz-field-names';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * No client input makes a 500: seeded random input to every REST route of the compiled route
 * table, every MCP tool and the proxy for five provider kinds (a fake upstream behind it), sent
 * concurrently over keep-alive. Every answer must be below 500. A failure prints the inputs.
 */
const seed = 20261130;
const runs = { rest: 3_500, mcp: 2_500, proxy: 4_000 };
const concurrency = 32;

let t: TestServer;
let fake: FakeUpstream;
let cookie: string;
let apiToken: string;
let jobToken: string;
const ids: Record<string, string> = {};
const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 30_000 });

beforeAll(async () => {
  t = await startTestServer();
  fake = await startFakeUpstream({ keepRecords: false });
  cookie = await t.login();
  const invoke = <T>(name: string, input: unknown) => t.core.invoke(name as never, input as never, adminSessionActor) as Promise<T>;
  const secret = await invoke<{ id: string }>('createSecret', { name: 'fuzz key', value: 'sk-fuzz-canary-0123456789' });
  for (const slug of ['anthropic', 'openai', 'google', 'ollama']) {
    await invoke('createAiProvider', { name: `fuzz ${slug}`, provider: slug, defaultModel: 'm', baseUrl: fake.url, secretId: secret.id });
  }
  const aws = await invoke<{ id: string }>('createSecret', {
    name: 'fuzz aws',
    value: JSON.stringify({ accessKeyId: 'AKIDFUZZ', secretAccessKey: 'fuzz-secret' }),
  });
  await invoke('createAiProvider', {
    name: 'fuzz bedrock',
    provider: 'bedrock',
    defaultModel: 'm',
    baseUrl: fake.url,
    secretId: aws.id,
    config: { region: 'eu-west-1' },
  });
  // Targets for path parameters: their own records, so random deletes cannot take the proxy's away.
  const target = await invoke<{ id: string; projectId: string }>('createAiProvider', {
    name: 'fuzz target',
    provider: 'groq',
    defaultModel: 'm',
    baseUrl: fake.url,
  });
  ids.aiProviderId = target.id;
  ids.projectId = target.projectId;
  ids.secretId = (await invoke<{ id: string }>('createSecret', { name: 'fuzz target key', value: 'sk-fuzz-target-0123456789' })).id;
  ids.tokenId = (await invoke<{ token: { id: string } }>('createToken', { name: 'fuzz target', kind: 'job' })).token.id;
  ids.auditEventId = (await t.core.audit.list(adminSessionActor, { limit: 1 })).items[0]!.id;
  apiToken = (await invoke<{ value: string }>('createToken', { name: 'fuzz mcp', kind: 'api', permissions: [...permissions] })).value;
  jobToken = (await invoke<{ value: string }>('createToken', { name: 'fuzz job', kind: 'job' })).value;
});
afterAll(async () => {
  await dispatcher.close();
  await fake.close();
  await t.stop();
});

// ---- Random JSON: deep nesting, nulls in arrays, huge and odd numbers, wrong types --------------

const keys = fc.constantFrom(
  '__proto__',
  'constructor',
  ...storeFieldNames,
  'from',
  'to',
  'groupBy',
  'format',
  'model',
  'messages',
  'system',
  'content',
  'role',
  'stream',
  'stream_options',
  'max_tokens',
  'contents',
  'parts',
  'text',
  'tools',
  'region',
);
const oddNumber = fc.constantFrom('1e309', '-1e309', '1e-400', '123456789012345678901234567890', '-0', '0.0000001', '9007199254740993');
/** JSON text (not values: huge numbers and duplicate keys only exist as text). */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
    oddNumber,
    fc.constantFrom('null', 'true', '""', '[]', '{}', '[null]', '[null,null]', '{"type":null}', '[{"type":"text","text":null}]'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(keys, tie('value')), { maxLength: 5 })
      .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).value;
const deep = fc
  .tuple(fc.integer({ min: 60, max: 6_000 }), fc.constantFrom('[', '{"a":', '{"system":[', '{"config":{"x":'))
  .map(([depth, open]) => {
    const close = open === '[' ? ']' : open === '{"a":' ? '}' : open === '{"system":[' ? ']}' : '}}';
    return open.repeat(depth) + '1' + close.repeat(depth);
  });
const objectBody = fc
  .array(fc.tuple(keys, fc.oneof({ weight: 5, arbitrary: jsonText }, { weight: 1, arbitrary: deep })), { maxLength: 7 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
const body = fc.oneof(
  { weight: 8, arbitrary: objectBody },
  { weight: 2, arbitrary: jsonText },
  { weight: 2, arbitrary: deep },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

// ---- The three surfaces -------------------------------------------------------------------------

interface Probe {
  surface: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const restRoutes = compileRestRoutes();
/** Built once the records exist: most path parameters name a real one. */
const pathParam = (name: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(ids[name] ?? 'x') },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent) },
  );
const query = fc
  .array(fc.tuple(keys, fc.oneof(fc.string({ maxLength: 20 }), oddNumber)), { maxLength: 5 })
  .map((pairs) => (pairs.length ? '?' + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') : ''));
/** Every route of the compiled table, its parameters filled, with a random query or body. */
const restProbe = (): fc.Arbitrary<Probe> =>
  fc.constantFrom(...restRoutes).chain((route) => {
    const { path } = operations[route.name].http;
    const params = route.paramNames;
    return fc.tuple(fc.tuple(...params.map(pathParam)), query, body).map(([values, q, b]) => {
      const concrete = params.reduce((p, name, i) => p.replace(`:${name}`, values[i]!), path);
      const withBody = route.method === 'POST' || route.method === 'PATCH';
      return {
        surface: `rest ${route.name}`,
        method: route.method,
        path: `${restBasePath}${concrete}${withBody ? '' : q}`,
        headers: { cookie, 'content-type': 'application/json' },
        body: withBody ? b : undefined,
      };
    });
  });

/** Valid provider writes except for a random, often very deep `config`: it is stored and re-serialised. */
const providerConfigProbe = (): fc.Arbitrary<Probe> =>
  fc.tuple(fc.boolean(), fc.oneof(deep, objectBody), fc.integer({ min: 0, max: 1_000_000 })).map(([create, config, n]) => ({
    surface: create ? 'rest createAiProvider' : 'rest updateAiProvider',
    method: create ? 'POST' : 'PATCH',
    path: `${restBasePath}/ai-providers${create ? '' : `/${ids.aiProviderId}`}`,
    headers: { cookie, 'content-type': 'application/json' },
    body: create
      ? `{"name":"fuzz config ${n}","provider":"custom","defaultModel":"m","baseUrl":"http://127.0.0.1:9","config":${config}}`
      : `{"config":${config}}`,
  }));

const mcpProbe: fc.Arbitrary<Probe> = fc
  .tuple(fc.constantFrom(...mcpToolTable.map((tool) => tool.name), 'no-such-tool'), objectBody, fc.boolean())
  .map(([tool, args, wrapped]) => ({
    surface: 'mcp',
    method: 'POST',
    path: '/mcp',
    headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: wrapped
      ? `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":${JSON.stringify(tool)},"arguments":${args}}}`
      : `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":${args}}`,
  }));

const proxyPaths: Record<string, string[]> = {
  anthropic: ['/v1/messages', '/v1/messages/count_tokens'],
  openai: ['/v1/chat/completions', '/v1/responses', '/v1/embeddings'],
  google: ['/v1beta/models/gemini-2.5-flash:generateContent', '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse'],
  ollama: ['/api/chat', '/api/generate', '/v1/chat/completions'],
  bedrock: ['/model/anthropic.claude-3-5-haiku-20241022-v1:0/converse', '/model/m/converse-stream'],
};
/** Anthropic bodies with leading system-role messages, which the proxy lifts into `system`, of any shape. */
const liftedSystem = fc
  .tuple(fc.array(jsonText, { minLength: 1, maxLength: 3 }), fc.option(jsonText, { nil: undefined }), fc.array(jsonText, { maxLength: 2 }))
  .map(([systemContents, system, rest]) => {
    const leading = systemContents.map((content) => `{"role":"system","content":${content}}`);
    return `{"model":"claude-sonnet-4-5","max_tokens":8,${system === undefined ? '' : `"system":${system},`}"messages":[${[...leading, ...rest].join(',')}]}`;
  });
const proxyProbe: fc.Arbitrary<Probe> = fc
  .constantFrom(...Object.entries(proxyPaths).flatMap(([slug, paths]) => paths.map((path) => `/v3/ai/${slug}${path}`)))
  .chain((path) => fc.tuple(fc.constant(path), path === '/v3/ai/anthropic/v1/messages' ? fc.oneof(body, liftedSystem) : body))
  .map(([path, b]) => ({
    surface: 'proxy',
    method: 'POST',
    path,
    headers: { 'x-api-key': jobToken, 'content-type': 'application/json' },
    body: b,
  }));

async function send(probe: Probe): Promise<{ status: number; text: string }> {
  const response = await fetch(`${t.server.baseUrl}${probe.path}`, {
    method: probe.method,
    headers: probe.headers,
    body: probe.body,
    dispatcher,
  } as unknown as RequestInit);
  const text = await response.text();
  return { status: response.status, text };
}

/** Sends every probe, `concurrency` at a time; returns the ones answered with 500 or more. */
async function sendAll(probes: Probe[]): Promise<{ probe: Probe; status: number; text: string }[]> {
  const failures: { probe: Probe; status: number; text: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const probe = probes[next++]!;
      const { status, text } = await send(probe);
      if (status >= 500) failures.push({ probe: { ...probe, body: probe.body?.slice(0, 300) }, status, text: text.slice(0, 300) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

describe('no client input makes a 500', () => {
  const noFailures = async (probes: Probe[]) => {
    const logged = t.logLines.length;
    const failures = await sendAll(probes);
    expect(failures, JSON.stringify(failures.slice(0, 5), null, 1)).toEqual([]);
    expect(t.logLines.slice(logged).filter((line) => line.includes('unexpected error'))).toEqual([]);
  };

  it(`the proxy, ${runs.proxy} random bodies for five provider kinds`, async () => {
    await noFailures(fc.sample(proxyProbe, { seed, numRuns: runs.proxy }));
  }, 180_000); // about 10 s each on a quiet machine; generous for a busy one

  it(`MCP, ${runs.mcp} random tool calls`, async () => {
    await noFailures(fc.sample(mcpProbe, { seed: seed + 1, numRuns: runs.mcp }));
  }, 180_000); // about 10 s each on a quiet machine; generous for a busy one

  it(`REST, ${runs.rest} random requests over every route of the compiled table`, async () => {
    const probes = [
      ...fc.sample(restProbe(), { seed: seed + 2, numRuns: runs.rest - 500 }),
      ...fc.sample(providerConfigProbe(), { seed: seed + 3, numRuns: 500 }),
    ];
    expect(new Set(probes.map((p) => p.surface)).size).toBe(restRoutes.length);
    await noFailures(probes);
  }, 180_000); // about 10 s each on a quiet machine; generous for a busy one

  it('sent at least 10,000 inputs in all', () => {
    expect(runs.proxy + runs.mcp + runs.rest).toBeGreaterThanOrEqual(10_000);
  });
});
